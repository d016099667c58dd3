using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace GpuDsl.Runtime.Tests.Api;

/// <summary>
/// The public API of an assembly as sorted text: one line per type (modifiers, kind, name, base types, constraints),
/// then one indented line per public or protected member with its full signature. Nothing depends on declaration or
/// reflection order, so the text changes exactly when the API does.
/// </summary>
internal static class PublicApiText
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Of(Assembly assembly)
    {
        StringBuilder text = new();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => TypeName(t), StringComparer.Ordinal))
        {
            text.Append(TypeLine(type)).Append('\n');
            foreach (string member in Members(type))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The members that callers outside the assembly can see: fields, constructors, properties, events, methods,
    /// each kind sorted by name and then signature.</summary>
    public static IEnumerable<string> Members(Type type)
    {
        if (IsDelegate(type))
        {
            return [];
        }

        NullabilityInfoContext nullability = new();
        IEnumerable<(string, string)> fields = type.GetFields(Declared)
            .Where(f => Visible(f.IsPublic, f.IsFamily || f.IsFamilyOrAssembly, type) && !f.IsSpecialName)
            .Select(f => (f.Name, Field(f, nullability)));
        IEnumerable<(string, string)> constructors = type.GetConstructors(Declared).Where(c => Visible(c) && !c.IsStatic)
            .Select(c => ("", Attributes(c) + Access(c) + type.Name.Split('`')[0] + Parameters(c, nullability)));
        IEnumerable<(string, string)> properties = type.GetProperties(Declared)
            .Where(p => p.GetAccessors(nonPublic: true).Any(Visible))
            .Select(p => (p.Name, Property(p, nullability)));
        IEnumerable<(string, string)> events = type.GetEvents(Declared).Where(e => e.AddMethod is { } add && Visible(add))
            .Select(e => (e.Name, Attributes(e) + Access(e.AddMethod!) + Modifiers(e.AddMethod!) + "event " +
                                  CSharpTypeNames.Format(e.EventHandlerType!, nullability.Create(e)) + " " + e.Name));
        IEnumerable<(string, string)> methods = type.GetMethods(Declared)
            .Where(m => Visible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)) && !m.Name.Contains('<'))
            .Select(m => (m.Name, Method(m, nullability)));
        return new[] { fields, constructors, properties, events, methods }
            .SelectMany(kind => kind.OrderBy(m => m.Item1, StringComparer.Ordinal).ThenBy(m => m.Item2, StringComparer.Ordinal))
            .Select(m => m.Item2);
    }

    /// <summary>The name as C# writes it, namespace and declaring types included: <c>GpuDsl.DeviceBuffer&lt;T&gt;</c>.</summary>
    public static string TypeName(Type type) => CSharpTypeNames.Format(type);

    private static string TypeLine(Type type)
    {
        StringBuilder line = new(Attributes(type));
        line.Append(type.IsNestedFamily || type.IsNestedFamORAssem ? "protected " : "public ");
        if (IsDelegate(type))
        {
            MethodInfo invoke = type.GetMethod("Invoke")!;
            NullabilityInfoContext nullability = new();
            return line.Append("delegate ").Append(CSharpTypeNames.Format(invoke.ReturnType, nullability.Create(invoke.ReturnParameter)))
                .Append(' ').Append(TypeName(type)).Append(Parameters(invoke, nullability)).Append(Constraints(type.GetGenericArguments())).ToString();
        }

        List<string> bases = [];
        if (type.IsEnum)
        {
            line.Append("enum ");
            Type underlying = Enum.GetUnderlyingType(type);
            if (underlying != typeof(int))
            {
                bases.Add(CSharpTypeNames.Format(underlying));
            }
        }
        else if (type.IsInterface)
        {
            line.Append("interface ");
        }
        else if (type.IsValueType)
        {
            line.Append(type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly " : "")
                .Append(type.IsByRefLike ? "ref " : "")
                .Append(IsRecord(type) ? "record struct " : "struct ");
        }
        else
        {
            line.Append(type is { IsAbstract: true, IsSealed: true } ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "")
                .Append(IsRecord(type) ? "record " : "class ");
            if (type.BaseType is { } baseType && baseType != typeof(object))
            {
                bases.Add(TypeName(baseType));
            }
        }

        if (!type.IsEnum)
        {
            Type[] inherited = type.BaseType?.GetInterfaces() ?? [];
            bases.AddRange(type.GetInterfaces().Except(inherited).Select(TypeName).Order(StringComparer.Ordinal));
        }

        line.Append(TypeName(type));
        if (bases.Count > 0)
        {
            line.Append(" : ").Append(string.Join(", ", bases));
        }

        return line.Append(Constraints(type.IsNested ? type.GetGenericArguments()[(type.DeclaringType!.GetGenericArguments().Length)..] : type.GetGenericArguments())).ToString();
    }

    private static string Field(FieldInfo field, NullabilityInfoContext nullability)
    {
        if (field.DeclaringType!.IsEnum)
        {
            return $"{field.Name} = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
        }

        string modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");
        string value = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue(), field.FieldType) : "";
        return Attributes(field) + (field.IsPublic ? "public " : "protected ") + modifiers +
               CSharpTypeNames.Format(field.FieldType, nullability.Create(field)) + " " + field.Name + value;
    }

    private static string Property(PropertyInfo property, NullabilityInfoContext nullability)
    {
        MethodInfo accessor = property.GetMethod is { } get && Visible(get) ? get : property.SetMethod!;
        List<string> accessors = [];
        if (property.GetMethod is { } getter && Visible(getter))
        {
            accessors.Add(AccessorAccess(getter, accessor) + "get;");
        }

        if (property.SetMethod is { } setter && Visible(setter))
        {
            bool init = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            accessors.Add(AccessorAccess(setter, accessor) + (init ? "init;" : "set;"));
        }

        ParameterInfo[] index = property.GetIndexParameters();
        string name = index.Length == 0 ? property.Name : "this[" + string.Join(", ", index.Select(p => Parameter(p, nullability))) + "]";
        string type = CSharpTypeNames.Format(property.PropertyType, nullability.Create(property));
        if (property.PropertyType.IsByRef)
        {
            type = (accessor.ReturnParameter.IsDefined(typeof(IsReadOnlyAttribute)) ? "ref readonly " : "ref ") + type;
        }

        return Attributes(property) + Access(accessor) + Modifiers(accessor) + type + " " + name + " { " + string.Join(" ", accessors) + " }";
    }

    private static string Method(MethodInfo method, NullabilityInfoContext nullability)
    {
        string returns = CSharpTypeNames.Format(method.ReturnType, nullability.Create(method.ReturnParameter));
        if (method.ReturnType.IsByRef)
        {
            returns = (method.ReturnParameter.IsDefined(typeof(IsReadOnlyAttribute)) ? "ref readonly " : "ref ") + returns;
        }

        Type[] generics = method.GetGenericArguments();
        string typeParameters = generics.Length == 0 ? "" : "<" + string.Join(", ", generics.Select(g => g.Name)) + ">";
        return Attributes(method) + Access(method) + Modifiers(method) + returns + " " + method.Name + typeParameters +
               Parameters(method, nullability) + Constraints(generics);
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability)
    {
        string extension = method.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        return "(" + extension + string.Join(", ", method.GetParameters().Select(p => Parameter(p, nullability))) + ")";
    }

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        string modifier = parameter.ParameterType.IsByRef
            ? parameter.IsOut ? "out " : parameter.IsDefined(typeof(IsReadOnlyAttribute)) ? "in " :
              parameter.IsDefined(typeof(RequiresLocationAttribute)) ? "ref readonly " : "ref "
            : parameter.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "";
        string value = parameter.HasDefaultValue ? " = " + Literal(parameter.RawDefaultValue, parameter.ParameterType) : "";
        return modifier + CSharpTypeNames.Format(parameter.ParameterType, nullability.Create(parameter)) + " " + parameter.Name + value;
    }

    private static string Constraints(Type[] parameters)
    {
        StringBuilder text = new();
        foreach (Type parameter in parameters)
        {
            List<string> constraints = [];
            GenericParameterAttributes flags = parameter.GenericParameterAttributes;
            bool isStruct = flags.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            if (isStruct)
            {
                constraints.Add(parameter.IsDefined(typeof(IsUnmanagedAttribute)) ? "unmanaged" : "struct");
            }
            else if (flags.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(TypeName).Order(StringComparer.Ordinal));
            if (flags.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !isStruct)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    /// <summary>The attributes that change how a member may be used: obsolete, hidden from IntelliSense.</summary>
    private static string Attributes(MemberInfo member)
    {
        StringBuilder text = new();
        // The compiler marks every ref struct [Obsolete] for compilers too old to know them (with [CompilerFeatureRequired]):
        // not the author's word.
        if (member.GetCustomAttribute<ObsoleteAttribute>() is { } obsolete && !member.IsDefined(typeof(CompilerFeatureRequiredAttribute)))
        {
            text.Append($"[Obsolete(\"{obsolete.Message}\")] ");
        }

        if (member.GetCustomAttribute<EditorBrowsableAttribute>() is { } browsable)
        {
            text.Append($"[EditorBrowsable({browsable.State})] ");
        }

        if (member is Type type && type.IsEnum && type.IsDefined(typeof(FlagsAttribute)))
        {
            text.Append("[Flags] ");
        }

        return text.ToString();
    }

    private static string Literal(object? value, Type type) => value switch
    {
        null => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        char c => $"'{c}'",
        _ when type.IsEnum => Enum.GetName(type, value) is { } member ? $"{TypeName(type)}.{member}" : $"({TypeName(type)}){value}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Access(MethodBase method) =>
        method.DeclaringType!.IsInterface ? "" : method.IsPublic ? "public " : method.IsFamilyOrAssembly ? "protected internal " : "protected ";

    private static string AccessorAccess(MethodInfo accessor, MethodInfo property) =>
        accessor.Attributes.HasFlag(MethodAttributes.Public) == property.Attributes.HasFlag(MethodAttributes.Public) ? "" : Access(accessor);

    private static string Modifiers(MethodInfo method)
    {
        if (method.DeclaringType!.IsInterface)
        {
            return method.IsStatic ? (method.IsAbstract ? "static abstract " : "static ") : "";
        }

        bool overrides = method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        return method.IsStatic ? "static "
            : method.IsAbstract ? "abstract "
            : overrides ? (method.IsFinal ? "sealed override " : "override ")
            : method is { IsVirtual: true, IsFinal: false } ? "virtual " : "";
    }

    private static bool Visible(MethodBase method) => Visible(method.IsPublic, method.IsFamily || method.IsFamilyOrAssembly, method.DeclaringType!);

    /// <summary>Public members, and protected ones where a caller can derive from the type.</summary>
    private static bool Visible(bool isPublic, bool isProtected, Type declaring) => isPublic || (isProtected && !declaring.IsSealed);

    private static bool IsDelegate(Type type) => type.IsSubclassOf(typeof(MulticastDelegate));

    /// <summary>Whether C# declared the type as a <c>record</c> (class or struct): the compiler adds <c>PrintMembers</c>.</summary>
    public static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(StringBuilder)]) is { } print &&
        print.IsDefined(typeof(CompilerGeneratedAttribute));
}
