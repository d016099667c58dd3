using GpuDsl.Cpu;

namespace GpuDsl.Runtime.Tests;

/// <summary>
/// <see cref="Gpu.Printf(string)"/>'s formatting on the CPU backend against what C's printf (glibc, which formats CUDA's
/// device printf on Linux hosts) writes for the same format and values.
/// </summary>
public sealed class CpuPrintfTests
{
    [Theory]
    [InlineData("%d|%5d|%-5d|%05d|%+d|% d", 42, "42|   42|42   |00042|+42| 42")]
    [InlineData("%x %X %#x %o %#o %u %c", 255, "ff FF 0xff 377 0377 255 \u00ff")]
    [InlineData("%d %u %x %hd %hhu", -1, "-1 4294967295 ffffffff -1 255")]
    [InlineData("%.3d|%.0d|%8.3d|%-+6d|%%", 7, "007|7|     007|+7    |%")]
    public void Integers_format_as_C_does(string format, int value, string expected)
    {
        CpuPrintf.Value v = CpuPrintf.Argument(value);
        CpuPrintf.Value[] arguments = [.. Enumerable.Repeat(v, format.Count(c => c == '%') - (format.Contains("%%") ? 2 : 0))];
        Assert.Equal(expected, CpuPrintf.Format(format, arguments));
    }

    [Fact]
    public void Zero_with_precision_zero_prints_no_digits_and_64_bit_values_need_ll()
    {
        Assert.Equal("[]", CpuPrintf.Format("[%.0d]", [CpuPrintf.Argument(0)]));
        Assert.Equal(
            "-9223372036854775808 18446744073709551615 ffffffffffffffff 4294967295",
            CpuPrintf.Format("%lld %llu %llx %lld", [CpuPrintf.Argument(long.MinValue), CpuPrintf.Argument(ulong.MaxValue), CpuPrintf.Argument(-1L), CpuPrintf.Argument(uint.MaxValue)]));
        Assert.Equal("1 0 3", CpuPrintf.Format("%d %d %d", [CpuPrintf.Argument(true), CpuPrintf.Argument(false), CpuPrintf.Argument(DayOfWeek.Wednesday)]));
    }

    [Theory]
    [InlineData("%f", 3.14159, "3.141590")]
    [InlineData("%.2f", 2.675, "2.67")] // 2.67499999999999982236431605997495353221893310546875
    [InlineData("%.1f|%.0f|%.0f|%.2f", 0.25, "0.2|0|0|0.25")] // an exact tie rounds to even, as glibc does
    [InlineData("%10.3f|%-10.1f|%+.1f|%010.2f", -1.5, "    -1.500|-1.5      |-1.5|-000001.50")]
    [InlineData("%e|%.2E|%.0e|%#.0e", 12345.678, "1.234568e+04|1.23E+04|1e+04|1.e+04")]
    [InlineData("%e|%g|%G", 0.0001234, "1.234000e-04|0.0001234|0.0001234")]
    [InlineData("%g|%.3g|%#g|%g", 100000.0, "100000|1e+05|100000.|100000")]
    [InlineData("%g|%.10g|%g", 1e-5, "1e-05|1e-05|1e-05")]
    [InlineData("%g|%.2g|%g", 9.999999, "10|10|10")]
    [InlineData("%f|%e|%g", 0.0, "0.000000|0.000000e+00|0")]
    [InlineData("%.3e|%g", 9.9996, "1.000e+01|9.9996")]
    [InlineData("%.20f", 0.1, "0.10000000000000000555")]
    public void Floating_point_formats_as_C_does(string format, double value, string expected)
    {
        CpuPrintf.Value v = CpuPrintf.Argument(value);
        CpuPrintf.Value[] arguments = [.. Enumerable.Repeat(v, format.Count(c => c == '%'))];
        Assert.Equal(expected, CpuPrintf.Format(format, arguments));
    }

    [Fact]
    public void Infinities_nans_floats_and_halves_format_as_C_does()
    {
        Assert.Equal(
            "inf -INF nan -nan   inf 1.500000 0.099976",
            CpuPrintf.Format("%f %F %f %f %5f %f %f", [
                CpuPrintf.Argument(double.PositiveInfinity), CpuPrintf.Argument(float.NegativeInfinity),
                CpuPrintf.Argument(BitConverter.Int64BitsToDouble(0x7FF8000000000000)), CpuPrintf.Argument(double.NaN), // .NET's NaN has the sign bit set
                CpuPrintf.Argument(double.PositiveInfinity), CpuPrintf.Argument(1.5f), CpuPrintf.Argument((Half)0.1f)]));
    }

    [Fact]
    public void BFloat16_prints_its_exact_value_as_a_double()
    {
        Assert.Equal("0.100098 -inf", CpuPrintf.Format("%f %f", [CpuPrintf.Argument((BFloat16)0.1f), CpuPrintf.Argument(BFloat16.NegativeInfinity)]));
    }
}
