using System.Runtime.CompilerServices;
using Xunit.Sdk;
using Xunit.v3;

namespace GpuDsl.Testing;

/// <summary>
/// A test that needs a CUDA device. Where there is none it is not discovered at all, so it prints no skip line of its
/// own (`dotnet test` prints three lines for every skipped test, and some 300 of them buried failures); the one
/// <see cref="CudaCases"/> test reports them all, with the reason.
/// </summary>
[XunitTestCaseDiscoverer(typeof(CudaFactDiscoverer))]
public sealed class CudaFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    : FactAttribute(sourceFilePath, sourceLineNumber);

/// <summary>A theory that needs a CUDA device: where there is none, none of its cases is discovered, as for <see cref="CudaFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer(typeof(CudaTheoryDiscoverer))]
public sealed class CudaTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    : TheoryAttribute(sourceFilePath, sourceLineNumber);

/// <summary>Discovers a <see cref="CudaFactAttribute"/> test as a fact where there is a device, and as nothing elsewhere.</summary>
public sealed class CudaFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new();

    /// <inheritdoc/>
    public ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute) =>
        CudaDevice.IsPresent ? _fact.Discover(discoveryOptions, testMethod, factAttribute) : new([]);
}

/// <summary>Discovers a <see cref="CudaTheoryAttribute"/> test as a theory where there is a device, and as nothing elsewhere.</summary>
public sealed class CudaTheoryDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer _theory = new();

    /// <inheritdoc/>
    public ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute) =>
        CudaDevice.IsPresent ? _theory.Discover(discoveryOptions, testMethod, factAttribute) : new([]);
}
