using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace GpuDsl.Testing;

/// <summary>
/// The one test that stands for every CUDA case of this assembly on a machine without a CUDA device, where those cases
/// are not discovered: it skips, saying why and how many cases of how many classes that leaves out (one skip line per
/// case buried failures). With a device, where every CUDA case runs, it passes.
/// </summary>
public sealed class CudaCases
{
    [Fact]
    public async Task Run_where_there_is_a_CUDA_device()
    {
        (int cases, int classes) = await Count();
        Assert.SkipUnless(CudaDevice.IsPresent, $"{CudaDevice.Absence}: {cases} CUDA test cases of {classes} classes are left out");
        Assert.True(cases > 0, "no CUDA test case was found: the count below reads the wrong attributes");
    }

    /// <summary>
    /// The CUDA cases of this assembly, found as xunit finds them: the methods' <see cref="CudaFactAttribute"/> and
    /// <see cref="CudaTheoryAttribute"/> (a theory's rows counted from its data attributes) and the CUDA rows of their
    /// backend data attributes.
    /// </summary>
    private static async Task<(int Cases, int Classes)> Count()
    {
        int cases = 0, classes = 0;
        await using DisposalTracker disposals = new();
        foreach (Type type in typeof(CudaCases).Assembly.GetTypes())
        {
            int before = cases;
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                object[] attributes = method.GetCustomAttributes(inherit: false);
                if (attributes.OfType<CudaFactAttribute>().Any()) cases++;
                foreach (IDataAttribute data in attributes.OfType<IDataAttribute>())
                {
                    if (data is IBackendData backend)
                        cases += (await backend.GetRows(method, disposals, withCuda: true)).Count(row => Equals(row.GetData()[0], Backends.Cuda));
                    else if (attributes.OfType<CudaTheoryAttribute>().Any())
                        cases += (await data.GetData(method, disposals)).Count;
                }
            }

            if (cases > before) classes++;
        }

        return (cases, classes);
    }
}
