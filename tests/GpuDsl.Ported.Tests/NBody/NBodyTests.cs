// Host side of NVIDIA/cuda-samples, Samples/5_Domain_Specific/nbody: integrateNbodySystem's launch (numBodies / blockSize
// blocks, numTiles tiles, blockSize float4s of dynamic shared memory) over a few steps, swapping the position buffers as
// the sample does, checked against bodysystemcpu_impl.h's _computeNBodyGravitation and _integrateNBodySystem (float,
// 1 / sqrt where the GPU uses rsqrtf, hence a relative tolerance).
using System.Numerics;

namespace GpuDsl.Ported.Tests.NBody;

public sealed class NBodyTests(Backends backends)
{
    [Theory, BackendData]
    public void Integrated_bodies_match_the_CPU_body_system(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        // The sample's 16,384 bodies in blocks of 256; 512 on the CPU backend.
        int numBodies = Backends.IsCpu(backend) ? 512 : 16384, blockSize = 256, steps = 3;
        const float deltaTime = 0.016f, damping = 0.995f, softening = 0.1f;
        float softeningSquared = softening * softening;
        Random random = new(numBodies);
        Vector4[] pos = new Vector4[numBodies], vel = new Vector4[numBodies];
        for (int i = 0; i < numBodies; i++)
        {
            pos[i] = new Vector4(random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, random.NextSingle() * 2 - 1, 1.0f) * new Vector4(1.54f, 1.54f, 1.54f, 1f);
            vel[i] = new Vector4(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, 1.0f);
        }

        using DeviceBuffer<Vector4> dPos0 = gpu.Allocate<Vector4>(pos), dPos1 = gpu.Allocate<Vector4>(numBodies), dVel = gpu.Allocate<Vector4>(vel);
        NBodyKernels.softeningSquared.Set(gpu, softeningSquared); // setSofteningSquared
        int currentRead = 0;
        for (int step = 0; step < steps; step++)
        {
            int numBlocks = (numBodies + blockSize - 1) / blockSize;
            int numTiles = (numBodies + blockSize - 1) / blockSize;
            int sharedMemSize = blockSize * 4 * sizeof(float); // 4 floats for pos
            DeviceBuffer<Vector4> newPos = currentRead == 0 ? dPos1 : dPos0, oldPos = currentRead == 0 ? dPos0 : dPos1;
            NBodyKernels.Launch(numBlocks, blockSize, sharedMemSize)
                .IntegrateBodies(newPos, oldPos, dVel, 0u, (uint)numBodies, deltaTime, damping, numTiles);
            currentRead = 1 - currentRead;
        }

        Vector4[] gpuPos = (currentRead == 0 ? dPos0 : dPos1).ToArray(), gpuVel = dVel.ToArray();

        for (int step = 0; step < steps; step++) IntegrateCpu(pos, vel, deltaTime, damping, softeningSquared);

        for (int i = 0; i < numBodies; i++)
        {
            AssertClose(pos[i], gpuPos[i], i, "position");
            AssertClose(vel[i], gpuVel[i], i, "velocity");
        }
    }

    private static void AssertClose(Vector4 expected, Vector4 actual, int body, string what)
    {
        float scale = Math.Max(1f, expected.Length());
        Assert.True((expected - actual).Length() <= 1e-3f * scale, $"body {body} {what}: {actual}, expected {expected}");
    }

    /// <summary>BodySystemCPU&lt;float&gt;::_integrateNBodySystem with its _computeNBodyGravitation.</summary>
    private static void IntegrateCpu(Vector4[] pos, Vector4[] vel, float deltaTime, float damping, float softeningSquared)
    {
        int n = pos.Length;
        Vector3[] force = new Vector3[n];
        for (int i = 0; i < n; i++)
        {
            Vector3 acc = Vector3.Zero;
            for (int j = 0; j < n; j++)
            {
                Vector3 r = new(pos[j].X - pos[i].X, pos[j].Y - pos[i].Y, pos[j].Z - pos[i].Z);
                float distSqr = r.X * r.X + r.Y * r.Y + r.Z * r.Z + softeningSquared;
                float invDist = 1.0f / MathF.Sqrt(distSqr);
                float invDistCube = invDist * invDist * invDist;
                float s = pos[j].W * invDistCube;
                acc += r * s;
            }

            force[i] = acc;
        }

        for (int i = 0; i < n; i++)
        {
            Vector4 v = vel[i];
            v.X = (v.X + force[i].X * deltaTime) * damping;
            v.Y = (v.Y + force[i].Y * deltaTime) * damping;
            v.Z = (v.Z + force[i].Z * deltaTime) * damping;
            pos[i] = new Vector4(pos[i].X + v.X * deltaTime, pos[i].Y + v.Y * deltaTime, pos[i].Z + v.Z * deltaTime, pos[i].W);
            vel[i] = v;
        }
    }
}
