namespace GpuDsl;

/// <summary>How <see cref="Communicator.AllReduce{T}(DeviceSpan{T}, DeviceSpan{T}, ReduceOperation, GpuStream)"/> and
/// <see cref="Communicator.ReduceScatter{T}(DeviceSpan{T}, DeviceSpan{T}, ReduceOperation, GpuStream)"/> combine the ranks' elements (NCCL's <c>ncclRedOp_t</c>).</summary>
public enum ReduceOperation
{
    /// <summary>The sum over the ranks.</summary>
    Sum,

    /// <summary>The product over the ranks.</summary>
    Product,

    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>The sum divided by the number of ranks (integer types divide as integers); NCCL 2.10 or later.</summary>
    Average,
}
