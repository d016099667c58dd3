using System.Reflection;
using System.Text.RegularExpressions;

namespace GpuDsl.Runtime.Tests.Api;

/// <summary>
/// The runtime's public names follow the .NET design guidelines: PascalCase types and members, <c>I</c>-prefixed
/// interfaces, <c>T</c>-prefixed type parameters, camelCase parameters, <c>Attribute</c> and <c>Exception</c>
/// suffixes, and no mutable public fields. Each test lists every offender, not just the first.
/// </summary>
public sealed partial class NamingTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Type[] Types = typeof(GpuContext).Assembly.GetExportedTypes();

    [Fact]
    public void Types_are_PascalCase_in_GpuDsl_namespaces_with_the_conventional_prefixes_and_suffixes()
    {
        List<string> wrong = [];
        foreach (Type type in Types)
        {
            string name = type.Name.Split('`')[0];
            if (!PascalCase().IsMatch(name)) wrong.Add($"{type}: not PascalCase");
            if (type.Namespace != "GpuDsl" && type.Namespace?.StartsWith("GpuDsl.", StringComparison.Ordinal) != true) wrong.Add($"{type}: outside GpuDsl");
            if (type.IsInterface != InterfaceName().IsMatch(name)) wrong.Add($"{type}: only interfaces are named I + PascalCase");
            if (typeof(Attribute).IsAssignableFrom(type) != name.EndsWith("Attribute", StringComparison.Ordinal)) wrong.Add($"{type}: Attribute suffix");
            if (typeof(Exception).IsAssignableFrom(type) != name.EndsWith("Exception", StringComparison.Ordinal)) wrong.Add($"{type}: Exception suffix");
            wrong.AddRange(type.GetGenericArguments().Where(t => !TypeParameter().IsMatch(t.Name)).Select(t => $"{type}: type parameter {t.Name}"));
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Members_are_PascalCase_and_parameters_camelCase()
    {
        List<string> wrong = [];
        foreach (Type type in Types)
        {
            foreach (MemberInfo member in type.GetMembers(Declared))
            {
                bool special = member is MethodBase { IsSpecialName: true } or ConstructorInfo or FieldInfo { IsSpecialName: true };
                if (!special && !member.Name.Contains('<') && !PascalCase().IsMatch(member.Name))
                {
                    wrong.Add($"{type}.{member.Name}: not PascalCase");
                }

                if (member is MethodBase method)
                {
                    wrong.AddRange(method.GetParameters().Where(p => p.Name is null || !CamelCase().IsMatch(p.Name) && !IsRecordProperty(type, p.Name))
                        .Select(p => $"{type}.{member.Name}: parameter {p.Name}"));
                    wrong.AddRange(method.IsGenericMethodDefinition
                        ? method.GetGenericArguments().Where(t => !TypeParameter().IsMatch(t.Name)).Select(t => $"{type}.{member.Name}: type parameter {t.Name}")
                        : []);
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Public_fields_are_constants_or_static_readonly()
    {
        string[] fields = Types.Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(Declared).Where(f => !f.IsLiteral && !(f.IsStatic && f.IsInitOnly)).Select(f => $"{t}.{f.Name}"))
            .ToArray();

        Assert.True(fields.Length == 0, "Mutable or instance public fields (use a property):\n" + string.Join("\n", fields));
    }

    [Fact]
    public void The_checks_reject_what_the_guidelines_reject()
    {
        Assert.DoesNotMatch(PascalCase(), "deviceBuffer");
        Assert.DoesNotMatch(PascalCase(), "Device_Buffer");
        Assert.Matches(PascalCase(), "Dim3");
        Assert.DoesNotMatch(InterfaceName(), "Index");
        Assert.Matches(InterfaceName(), "ICpuKernel");
        Assert.DoesNotMatch(CamelCase(), "Length");
        Assert.DoesNotMatch(TypeParameter(), "X");
    }

    /// <summary>A positional record's constructor and <c>Deconstruct</c> parameters are its properties, PascalCase by convention.</summary>
    private static bool IsRecordProperty(Type type, string name) => PublicApiText.IsRecord(type) && type.GetProperty(name) is not null;

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalCase();

    [GeneratedRegex("^I[A-Z][A-Za-z0-9]*$")]
    private static partial Regex InterfaceName();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex("^T([A-Z][A-Za-z0-9]*)?$")]
    private static partial Regex TypeParameter();
}
