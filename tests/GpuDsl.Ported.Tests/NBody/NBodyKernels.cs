// Ported from NVIDIA/cuda-samples, Samples/5_Domain_Specific/nbody/bodysystemcuda.cu (bodyBodyInteraction,
// computeBodyAccel, integrateBodies) for T = float, line by line: float4 and float3 are Vector4 and Vector3, rsqrtf is
// Gpu.Rsqrt, SharedMemory<float4>() Gpu.DynamicShared<Vector4>(), cg::sync(cta) Gpu.SyncThreads(), the __constant__
// softeningSquared set with cudaMemcpyToSymbol a DeviceGlobal<float> (FirstTranslations/ keeps the first version, a
// guessed [Constant] attribute).
using System.Numerics;

namespace GpuDsl.Ported.Tests.NBody;

public static partial class NBodyKernels
{
    // __constant__ float softeningSquared, set with cudaMemcpyToSymbol (setSofteningSquared)
    public static readonly DeviceGlobal<float> softeningSquared = new();

    [Device]
    private static Vector3 BodyBodyInteraction(Vector3 ai, Vector4 bi, Vector4 bj)
    {
        Vector3 r;

        // r_ij  [3 FLOPS]
        r.X = bj.X - bi.X;
        r.Y = bj.Y - bi.Y;
        r.Z = bj.Z - bi.Z;

        // distSqr = dot(r_ij, r_ij) + EPS^2  [6 FLOPS]
        float distSqr = r.X * r.X + r.Y * r.Y + r.Z * r.Z;
        distSqr += softeningSquared.Value;

        // invDistCube =1/distSqr^(3/2)  [4 FLOPS (2 mul, 1 sqrt, 1 inv)]
        float invDist = Gpu.Rsqrt(distSqr);
        float invDistCube = invDist * invDist * invDist;

        // s = m_j * invDistCube [1 FLOP]
        float s = bj.W * invDistCube;

        // a_i =  a_i + s * r_ij [6 FLOPS]
        ai.X += r.X * s;
        ai.Y += r.Y * s;
        ai.Z += r.Z * s;

        return ai;
    }

    [Device]
    private static Vector3 ComputeBodyAccel(Vector4 bodyPos, Span<Vector4> positions, int numTiles)
    {
        Span<Vector4> sharedPos = Gpu.DynamicShared<Vector4>();

        Vector3 acc = new Vector3(0.0f, 0.0f, 0.0f);

        for (int tile = 0; tile < numTiles; tile++)
        {
            sharedPos[Gpu.ThreadIdx.X] = positions[tile * Gpu.BlockDim.X + Gpu.ThreadIdx.X];

            Gpu.SyncThreads();

            // This is the "tile_calculation" from the GPUG3 article.
            for (uint counter = 0; counter < Gpu.BlockDim.X; counter++)
            {
                acc = BodyBodyInteraction(acc, bodyPos, sharedPos[(int)counter]);
            }

            Gpu.SyncThreads();
        }

        return acc;
    }

    // The sample runs whole blocks of bodies, so no thread returns before the barriers in ComputeBodyAccel: the launcher
    // tests that (ExactLaunch) instead of GPU0027 warning.
    [Kernel(ExactLaunch = true)]
    public static void IntegrateBodies(Span<Vector4> newPos, Span<Vector4> oldPos, Span<Vector4> vel, uint deviceOffset,
        uint deviceNumBodies, float deltaTime, float damping, int numTiles)
    {
        int index = Gpu.BlockIdx.X * Gpu.BlockDim.X + Gpu.ThreadIdx.X;

        if (index >= deviceNumBodies)
        {
            return;
        }

        Vector4 position = oldPos[(int)deviceOffset + index];

        Vector3 accel = ComputeBodyAccel(position, oldPos, numTiles);

        // acceleration = force / mass;
        // new velocity = old velocity + acceleration * deltaTime
        // note we factor out the body's mass from the equation, here and in
        // bodyBodyInteraction
        // (because they cancel out).  Thus here force == acceleration
        Vector4 velocity = vel[(int)deviceOffset + index];

        velocity.X += accel.X * deltaTime;
        velocity.Y += accel.Y * deltaTime;
        velocity.Z += accel.Z * deltaTime;

        velocity.X *= damping;
        velocity.Y *= damping;
        velocity.Z *= damping;

        // new position = old position + velocity * deltaTime
        position.X += velocity.X * deltaTime;
        position.Y += velocity.Y * deltaTime;
        position.Z += velocity.Z * deltaTime;

        // store new position and velocity
        newPos[(int)deviceOffset + index] = position;
        vel[(int)deviceOffset + index] = velocity;
    }
}
