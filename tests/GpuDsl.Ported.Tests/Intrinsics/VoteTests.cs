// Host side of NVIDIA/cuda-samples, Samples/0_Introduction/simpleVoteIntrinsics/simpleVoteIntrinsics.cu: the same test
// pattern (genVoteTestPattern), launch shapes and checks (checkResultsVoteAnyKernel1/2/3).
namespace GpuDsl.Ported.Tests.Intrinsics;

public sealed class VoteTests(Backends backends)
{
    private const int VOTE_DATA_GROUP = 4;
    private const int warp_size = 32;

    [Theory, BackendData]
    public void Vote_any_and_all_match_checkResultsVoteAnyKernel1_and_2(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int size = VOTE_DATA_GROUP * warp_size;
        uint[] h_input = new uint[size];
        GenVoteTestPattern(h_input, size);
        using DeviceBuffer<uint> d_input = gpu.Allocate<uint>(h_input), d_result = gpu.Allocate<uint>(size);

        VoteKernels.Launch(new Dim3(1, 1), new Dim3(VOTE_DATA_GROUP * warp_size, 1)).VoteAnyKernel1(d_input, d_result, size);
        uint[] h_result = d_result.ToArray();
        Assert.Equal(0, CheckErrors1(h_result, 0, VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors2(h_result, VOTE_DATA_GROUP * warp_size / 4, 2 * VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors2(h_result, 2 * VOTE_DATA_GROUP * warp_size / 4, 3 * VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors2(h_result, 3 * VOTE_DATA_GROUP * warp_size / 4, 4 * VOTE_DATA_GROUP * warp_size / 4));

        VoteKernels.Launch(new Dim3(1, 1), new Dim3(VOTE_DATA_GROUP * warp_size, 1)).VoteAllKernel2(d_input, d_result, size);
        h_result = d_result.ToArray();
        Assert.Equal(0, CheckErrors1(h_result, 0, VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors1(h_result, VOTE_DATA_GROUP * warp_size / 4, 2 * VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors1(h_result, 2 * VOTE_DATA_GROUP * warp_size / 4, 3 * VOTE_DATA_GROUP * warp_size / 4));
        Assert.Equal(0, CheckErrors2(h_result, 3 * VOTE_DATA_GROUP * warp_size / 4, 4 * VOTE_DATA_GROUP * warp_size / 4));
    }

    [Theory, BackendData]
    public void Vote_across_warps_matches_checkResultsVoteAnyKernel3(string backend)
    {
        GpuContext gpu = backends.Get(backend);
        const int size = warp_size * 3;
        using DeviceBuffer<bool> dinfo = gpu.Allocate<bool>(size * 3);
        dinfo.Clear();

        VoteKernels.Launch(1, warp_size * 3).VoteAnyKernel3(dinfo, warp_size);

        bool[] hinfo = dinfo.ToArray();
        for (int i = 0; i < size * 3; i++)
        {
            bool expected = (i % 3) switch
            {
                0 => i >= size * 1, // First warp should be all zeros.
                1 => i >= size * 3 / 2, // First warp and half of second should be all zeros.
                _ => i >= size * 2, // First two warps should be all zeros.
            };
            Assert.True(expected == hinfo[i], $"info[{i}] is {hinfo[i]}");
        }
    }

    private static void GenVoteTestPattern(uint[] VOTE_PATTERN, int size)
    {
        // For testing VOTE.Any (all of these threads will return 0)
        for (int i = 0; i < size / 4; i++) VOTE_PATTERN[i] = 0x00000000;
        // For testing VOTE.Any (1/2 these threads will return 1)
        for (int i = 2 * size / 8; i < 4 * size / 8; i++) VOTE_PATTERN[i] = (i & 0x01) != 0 ? (uint)i : 0;
        // For testing VOTE.all (1/2 of these threads will return 0)
        for (int i = 2 * size / 4; i < 3 * size / 4; i++) VOTE_PATTERN[i] = (i & 0x01) != 0 ? 0 : (uint)i;
        // For testing VOTE.all (all of these threads will return 1)
        for (int i = 3 * size / 4; i < 4 * size / 4; i++) VOTE_PATTERN[i] = 0xffffffff;
    }

    private static int CheckErrors1(uint[] h_result, int start, int end)
    {
        long sum = 0;
        for (int i = start; i < end; i++) sum += h_result[i];
        return sum > 0 ? 1 : 0;
    }

    private static int CheckErrors2(uint[] h_result, int start, int end)
    {
        long sum = 0;
        for (int i = start; i < end; i++) sum += h_result[i];
        return sum != warp_size ? 1 : 0;
    }
}
