namespace GpuDsl;

/// <summary>
/// A CUDA driver or NVRTC call failed. The message names the CUDA error (e.g. <c>CUDA_ERROR_OUT_OF_MEMORY</c>) and what
/// was being done.
/// </summary>
public class CudaException : Exception
{
    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="errorName">The CUDA error's name, e.g. <c>CUDA_ERROR_INVALID_VALUE</c>.</param>
    /// <param name="errorCode">The numeric code.</param>
    /// <param name="message">What failed and, where known, what to do about it.</param>
    public CudaException(string errorName, int errorCode, string message)
        : base(message)
    {
        ErrorName = errorName;
        ErrorCode = errorCode;
    }

    /// <summary>Creates an exception that is not tied to one driver call (a missing library, no device).</summary>
    public CudaException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorName = "";
    }

    /// <summary>The CUDA error's name, e.g. <c>CUDA_ERROR_ILLEGAL_ADDRESS</c>; empty when the failure was not a call.</summary>
    public string ErrorName { get; }

    /// <summary>The numeric error code; 0 when the failure was not a call.</summary>
    public int ErrorCode { get; }
}
