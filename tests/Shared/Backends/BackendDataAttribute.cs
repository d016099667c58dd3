using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace GpuDsl.Testing;

/// <summary>
/// One case of a theory on every backend: a row per backend, the backend's name (<see cref="Backends.Cpu"/>,
/// <see cref="Backends.Cuda"/>) first and then the attribute's values, as <c>[InlineData]</c> would pass them. Where
/// there is no CUDA device there is no CUDA row (see <see cref="CudaCases"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BackendDataAttribute(params object?[] values) : DataAttribute, IBackendData
{
    /// <summary>Only this backend's row (for a size the CPU backend would take minutes over); every backend's when null.</summary>
    public string? Only { get; set; }

    /// <inheritdoc/>
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ((IBackendData)this).GetRows(testMethod, disposalTracker, CudaDevice.IsPresent);

    /// <inheritdoc/>
    public override bool SupportsDiscoveryEnumeration() => true;

    ValueTask<IReadOnlyCollection<ITheoryDataRow>> IBackendData.GetRows(MethodInfo testMethod, DisposalTracker disposalTracker, bool withCuda) =>
        new(IBackendData.Rows([values], Only, withCuda));
}

/// <summary>
/// Every row of a static member (found as <c>[MemberData]</c> finds it) on every backend, the backend's name first: for
/// theories whose cases are a product too long to write out as <see cref="BackendDataAttribute"/>s.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BackendMemberDataAttribute(string memberName, params object?[] arguments)
    : MemberDataAttributeBase(memberName, arguments), IBackendData
{
    /// <inheritdoc/>
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ((IBackendData)this).GetRows(testMethod, disposalTracker, CudaDevice.IsPresent);

    async ValueTask<IReadOnlyCollection<ITheoryDataRow>> IBackendData.GetRows(MethodInfo testMethod, DisposalTracker disposalTracker, bool withCuda)
    {
        MemberType ??= testMethod.ReflectedType; // as xunit sets it before discovery; CudaCases counts without xunit
        IReadOnlyCollection<ITheoryDataRow> rows = await base.GetData(testMethod, disposalTracker);
        return IBackendData.Rows([.. rows.Select(row => row.GetData())], only: null, withCuda);
    }
}

/// <summary>What the backend data attributes share: their rows with or without CUDA, which <see cref="CudaCases"/> counts.</summary>
internal interface IBackendData
{
    ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetRows(MethodInfo testMethod, DisposalTracker disposalTracker, bool withCuda);

    /// <summary>Each case once per backend (CPU cases first), the backend's name prepended.</summary>
    static IReadOnlyCollection<ITheoryDataRow> Rows(IReadOnlyList<object?[]> cases, string? only, bool withCuda) =>
    [
        .. from backend in Backends.All
           where (only is null || only == backend) && (withCuda || backend != Backends.Cuda)
           from values in cases
           select new TheoryDataRow([backend, .. values]),
    ];
}
