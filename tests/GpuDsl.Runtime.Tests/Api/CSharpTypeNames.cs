using System.Reflection;

namespace GpuDsl.Runtime.Tests.Api;

/// <summary>
/// Writes a reflected type as C# spells it: keywords for the primitive types, <c>List&lt;T&gt;</c> rather than
/// <c>List`1</c>, <c>int?</c>, <c>(int, int)</c>, and <c>?</c> on reference types that the nullable annotations allow
/// to be null. Namespaces are kept, so a type that moves changes the API text.
/// </summary>
internal static class CSharpTypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(char)] = "char", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>The C# name of <paramref name="type"/>; <paramref name="nullability"/> adds the <c>?</c> annotations.</summary>
    public static string Format(Type type, NullabilityInfo? nullability = null)
    {
        if (type.IsByRef)
        {
            return Format(type.GetElementType()!, nullability);
        }

        if (type.IsPointer)
        {
            return Format(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            string rank = new(',', type.GetArrayRank() - 1);
            return Format(type.GetElementType()!, nullability?.ElementType) + $"[{rank}]" + Question(type, nullability);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + Question(type, nullability);
        }

        if (Keywords.TryGetValue(type, out string? keyword))
        {
            return keyword + Question(type, nullability);
        }

        Type[] arguments = type.GetGenericArguments();
        NullabilityInfo?[] argumentNullability = arguments
            .Select((_, i) => nullability is not null && i < nullability.GenericTypeArguments.Length ? nullability.GenericTypeArguments[i] : null)
            .ToArray();
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            return "(" + string.Join(", ", arguments.Select((a, i) => Format(a, argumentNullability[i]))) + ")";
        }

        return Named(type.IsGenericType ? type.GetGenericTypeDefinition() : type, arguments, argumentNullability) + Question(type, nullability);
    }

    /// <summary>A type's name with its namespace or declaring types, each with its share of the type arguments.</summary>
    private static string Named(Type definition, Type[] arguments, NullabilityInfo?[] nullability)
    {
        int own = definition.GetGenericArguments().Length;
        int outer = definition.DeclaringType?.GetGenericArguments().Length ?? 0;
        string prefix = definition.DeclaringType is { } declaring
            ? Named(declaring, arguments[..outer], nullability[..outer]) + "."
            : definition.Namespace is { Length: > 0 } ns ? ns + "." : "";
        string name = definition.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick < 0)
        {
            return prefix + name;
        }

        IEnumerable<string> mine = arguments[outer..own].Select((a, i) => Format(a, nullability[outer + i]));
        return prefix + name[..tick] + "<" + string.Join(", ", mine) + ">";
    }

    private static string Question(Type type, NullabilityInfo? nullability) =>
        !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
}
