using System.Collections.Generic;
using System.Linq;

namespace GpuDsl.Generator.Mappings;

/// <summary>
/// Names a C# identifier may have that mean something else in the CUDA C++ NVRTC compiles, so a local, parameter or
/// type named so is renamed (see <c>CudaNames.Local</c>). A macro breaks any use of the name (a local <c>NULL</c>
/// fails with "expected an identifier"); a keyword cannot name a variable; a built-in variable or a function the
/// generated code calls is hidden by a local of its name. Names with two leading underscores, or one and a capital
/// letter, are the implementation's in C++ and are renamed by that rule, as are CUDA's vector types (<c>float4</c>).
/// </summary>
internal static class CudaReservedNames
{
    /// <summary>C++20 keywords and alternative tokens that are not C# keywords, or that C# takes with an '@' (<c>@class</c>).</summary>
    private static readonly string[] s_keywords =
    {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
        "char8_t", "char16_t", "char32_t", "class", "co_await", "co_return", "co_yield", "compl", "concept", "const",
        "consteval", "constexpr", "constinit", "const_cast", "continue", "decltype", "default", "delete", "do", "double",
        "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "final", "float", "for", "friend", "goto",
        "if", "import", "inline", "int", "long", "module", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "override", "private", "protected", "public", "register", "reinterpret_cast",
        "requires", "restrict", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
        "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
        "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    };

    /// <summary>CUDA's built-in variables and types, and the namespaces generated or included code may name.</summary>
    private static readonly string[] s_cuda =
    {
        "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3", "half", "half2", "nv_bfloat16", "nv_bfloat162",
        "cudaError_t", "cudaStream_t", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t", "int8_t", "int16_t", "int32_t",
        "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "std", "cuda", "nvcuda", "cooperative_groups", "cg", "main",
        "self",
    };

    /// <summary>Macros of the C and CUDA headers NVRTC compiles with (limits, math constants, <c>assert</c>, <c>NULL</c>).</summary>
    private static readonly string[] s_macros =
    {
        "NULL", "EOF", "INFINITY", "NAN", "HUGE_VAL", "HUGE_VALF", "HUGE_VALL", "assert", "offsetof", "errno", "stdin",
        "stdout", "stderr", "va_list", "va_start", "va_arg", "va_end", "va_copy", "RAND_MAX", "EXIT_SUCCESS",
        "EXIT_FAILURE", "NDEBUG", "CHAR_BIT", "CHAR_MIN", "CHAR_MAX", "SCHAR_MIN", "SCHAR_MAX", "UCHAR_MAX", "SHRT_MIN",
        "SHRT_MAX", "USHRT_MAX", "INT_MIN", "INT_MAX", "UINT_MAX", "LONG_MIN", "LONG_MAX", "ULONG_MAX", "LLONG_MIN",
        "LLONG_MAX", "ULLONG_MAX", "INT8_MIN", "INT8_MAX", "UINT8_MAX", "INT16_MIN", "INT16_MAX", "UINT16_MAX", "INT32_MIN",
        "INT32_MAX", "UINT32_MAX", "INT64_MIN", "INT64_MAX", "UINT64_MAX", "SIZE_MAX", "FLT_MIN", "FLT_MAX", "FLT_EPSILON",
        "FLT_DIG", "FLT_MANT_DIG", "FLT_RADIX", "DBL_MIN", "DBL_MAX", "DBL_EPSILON", "DBL_DIG", "DBL_MANT_DIG", "M_E",
        "M_LOG2E", "M_LOG10E", "M_LN2", "M_LN10", "M_PI", "M_PI_2", "M_PI_4", "M_1_PI", "M_2_PI", "M_2_SQRTPI", "M_SQRT2",
        "M_SQRT1_2", "FP_NAN", "FP_INFINITE", "FP_ZERO", "FP_NORMAL", "FP_SUBNORMAL", "MATH_ERRNO", "MATH_ERREXCEPT",
    };

    /// <summary>
    /// Functions of CUDA's device runtime a user name could hide: math (float, double and integer forms), atomics,
    /// classification, <c>printf</c> and the memory functions. Generated code calls many of them by these names.
    /// </summary>
    private static readonly string[] s_functions =
    {
        "printf", "malloc", "free", "memcpy", "memset", "min", "max", "umin", "umax", "llmin", "llmax", "ullmin", "ullmax",
        "abs", "labs", "llabs", "fabs", "fabsf", "sqrt", "sqrtf", "rsqrt", "rsqrtf", "cbrt", "cbrtf", "rcbrt", "rcbrtf",
        "exp", "expf", "exp2", "exp2f", "exp10", "exp10f", "expm1", "expm1f", "log", "logf", "log2", "log2f", "log10",
        "log10f", "log1p", "log1pf", "logb", "logbf", "ilogb", "ilogbf", "pow", "powf", "sin", "sinf", "cos", "cosf", "tan",
        "tanf", "asin", "asinf", "acos", "acosf", "atan", "atanf", "atan2", "atan2f", "sinh", "sinhf", "cosh", "coshf",
        "tanh", "tanhf", "asinh", "asinhf", "acosh", "acoshf", "atanh", "atanhf", "sincos", "sincosf", "sinpi", "sinpif",
        "cospi", "cospif", "hypot", "hypotf", "floor", "floorf", "ceil", "ceilf", "trunc", "truncf", "round", "roundf",
        "rint", "rintf", "lrint", "llrint", "lround", "llround", "nearbyint", "nearbyintf", "fmod", "fmodf", "remainder",
        "remainderf", "remquo", "modf", "modff", "frexp", "frexpf", "ldexp", "ldexpf", "scalbn", "scalbnf", "fma", "fmaf",
        "fmin", "fminf", "fmax", "fmaxf", "fdim", "fdimf", "copysign", "copysignf", "nextafter", "nextafterf", "erf", "erff",
        "erfc", "erfcf", "erfinv", "erfinvf", "lgamma", "lgammaf", "tgamma", "tgammaf", "norm3d", "rhypot", "signbit",
        "isnan", "isinf", "isfinite", "isnormal", "fpclassify", "isgreater", "isless", "isunordered", "nan", "nanf",
        "saturate", "atomicAdd", "atomicSub", "atomicExch", "atomicMin", "atomicMax", "atomicInc", "atomicDec", "atomicCAS",
        "atomicAnd", "atomicOr", "atomicXor", "clock", "clock64",
    };

    /// <summary>Every reserved name, with the names of the functions the known-method table maps to.</summary>
    public static readonly HashSet<string> All = new(
        s_keywords.Concat(s_cuda).Concat(s_macros).Concat(s_functions).Concat(CudaKnownMethods.CalledNames),
        System.StringComparer.Ordinal);

    /// <summary>
    /// Whether C++ keeps <paramref name="name"/> for the implementation: two leading underscores, one and a capital
    /// (<c>_Pragma</c>, <c>_Bool</c>), or CUDA's <c>CUDART_</c> constants of <c>math_constants.h</c>.
    /// </summary>
    public static bool IsImplementationName(string name) =>
        name.StartsWith("__", System.StringComparison.Ordinal) ||
        (name.Length > 1 && name[0] == '_' && char.IsUpper(name[1])) ||
        name.StartsWith("CUDART_", System.StringComparison.Ordinal);
}
