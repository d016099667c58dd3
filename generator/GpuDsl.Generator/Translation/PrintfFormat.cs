using System.Collections.Generic;
using System.Text;

namespace GpuDsl.Generator.Translation;

/// <summary>
/// The format of a <c>Gpu.Printf</c> call, read as CUDA's <c>printf</c> reads it: the conversions it has, and what each
/// accepts. Only what the CPU backend formats alike is allowed (no <c>%s</c>, <c>%p</c>, <c>%a</c>, <c>*</c> widths).
/// </summary>
internal static class PrintfFormat
{
    /// <summary>What an argument of <c>Gpu.Printf</c> is, as its conversion sees it.</summary>
    public enum ArgumentKind
    {
        /// <summary>bool, an integer of up to 32 bits, or an enum of one.</summary>
        Integer32,

        /// <summary>long, ulong, or an enum of one.</summary>
        Integer64,

        /// <summary>float, double or Half.</summary>
        Real,

        /// <summary>Anything else.</summary>
        Other,
    }

    /// <summary>One conversion: its text (<c>%-8.3f</c>), length modifier and conversion character.</summary>
    public readonly struct Conversion
    {
        public Conversion(string text, string length, char character)
        {
            Text = text;
            Length = length;
            Character = character;
        }

        public string Text { get; }

        public string Length { get; }

        public char Character { get; }

        public bool IsInteger => Character is 'd' or 'i' or 'u' or 'o' or 'x' or 'X' or 'c';

        /// <summary>The C type CUDA's printf reads for it, which the argument is cast to.</summary>
        public string CudaType =>
            !IsInteger ? "double"
            : Length == "ll" ? (Character is 'd' or 'i' ? "long long" : "unsigned long long")
            : Character is 'd' or 'i' or 'c' ? "int" : "unsigned int";
    }

    /// <summary>The conversions of <paramref name="format"/>, or why it is not one Gpu.Printf takes.</summary>
    public static List<Conversion> Parse(string format, out string? problem)
    {
        List<Conversion> conversions = new();
        problem = null;
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }

            int start = i++;
            while (i < format.Length && "-+ #0".IndexOf(format[i]) >= 0)
            {
                i++;
            }

            while (i < format.Length && (char.IsDigit(format[i]) || format[i] == '*'))
            {
                i++;
            }

            if (i < format.Length && format[i] == '.')
            {
                i++;
                while (i < format.Length && (char.IsDigit(format[i]) || format[i] == '*'))
                {
                    i++;
                }
            }

            int lengthStart = i;
            while (i < format.Length && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L' || format[i] == 'j' || format[i] == 'z' || format[i] == 't'))
            {
                i++;
            }

            if (i >= format.Length)
            {
                problem = $"the format ends inside the conversion '{format.Substring(start)}' (write %% for a percent sign)";
                return conversions;
            }

            string text = format.Substring(start, i - start + 1);
            string length = format.Substring(lengthStart, i - lengthStart);
            char character = format[i];
            if (character == '%' && text == "%%")
            {
                continue;
            }

            problem = Unsupported(text, length, character);
            if (problem is not null)
            {
                return conversions;
            }

            conversions.Add(new Conversion(text, length, character));
        }

        return conversions;
    }

    /// <summary>Why <paramref name="conversion"/> cannot print an argument of <paramref name="kind"/>, or null if it can.</summary>
    public static string? Mismatch(Conversion conversion, ArgumentKind kind) => kind switch
    {
        ArgumentKind.Other => "prints integers, bool, enums, float, double and Half only",
        ArgumentKind.Real when conversion.IsInteger => $"'{conversion.Text}' prints an integer; for a float, double or Half use %f, %e or %g",
        ArgumentKind.Integer32 or ArgumentKind.Integer64 when !conversion.IsInteger => $"'{conversion.Text}' prints a float, double or Half; for an integer use %d (%lld for a long)",
        ArgumentKind.Integer64 when conversion.Character == 'c' => "'%c' prints a character from an integer of up to 32 bits",
        ArgumentKind.Integer64 when conversion.Length != "ll" => $"'{conversion.Text}' prints 32 bits, which would cut a 64-bit value; write %ll{conversion.Character}",
        _ => null,
    };

    /// <summary><paramref name="text"/> as a C string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.</summary>
    public static string CString(string text)
    {
        StringBuilder c = new("\"");
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            c.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\r' => "\\r",
                _ when b < 0x20 || b >= 0x7f => "\\" + System.Convert.ToString(b, 8).PadLeft(3, '0'),
                _ => ((char)b).ToString(),
            });
        }

        return c.Append('"').ToString();
    }

    private static string? Unsupported(string text, string length, char character)
    {
        if (text.IndexOf('*') >= 0)
        {
            return $"'{text}' takes its width or precision from an argument, which Gpu.Printf does not; write the number into the format";
        }

        bool integer = character is 'd' or 'i' or 'u' or 'o' or 'x' or 'X' or 'c';
        bool real = character is 'f' or 'F' or 'e' or 'E' or 'g' or 'G';
        return character switch
        {
            's' => $"'{text}' prints a string, which GPU code has none of; write the text into the format",
            'p' or 'n' => $"'{text}' is not supported: GPU code has no pointers to print or write",
            'a' or 'A' => $"'{text}' (hexadecimal floating point) is not supported; use %e or %g",
            _ when integer && !(length is "" or "h" or "hh" or "ll") => $"'{text}' has the length '{length}'; use none for values up to 32 bits and 'll' for 64",
            _ when real && !(length is "" or "l") => $"'{text}' has the length '{length}'; %f, %e and %g take double (and float and Half as double)",
            _ when integer || real => null,
            _ => $"'{text}' is not a conversion CUDA's printf has",
        };
    }
}
