using System.Reflection;
using System.Reflection.Emit;

namespace VectorReindex.LocalNode.Tests.Structure;

/// <summary>
/// The types a compiled type refers to: base type, interfaces, fields, method signatures, locals,
/// catch clauses, and every type, method or field token in its method bodies' IL (with generic
/// arguments), for it and its nested types (lambdas, iterators and async state machines included).
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Collect(type, found);
        return found;
    }

    private static void Collect(Type type, HashSet<Type> found)
    {
        Add(type.BaseType, found);
        foreach (var contract in type.GetInterfaces())
            Add(contract, found);
        foreach (var field in type.GetFields(Declared))
            Add(field.FieldType, found);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
                Add(info.ReturnType, found);
            foreach (var parameter in method.GetParameters())
                Add(parameter.ParameterType, found);
            CollectBody(method, found);
        }
        foreach (var nested in type.GetNestedTypes(Declared))
            Collect(nested, found);
    }

    private static void CollectBody(MethodBase method, HashSet<Type> found)
    {
        var body = method.GetMethodBody();
        if (body == null)
            return;
        foreach (var local in body.LocalVariables)
            Add(local.LocalType, found);
        foreach (var clause in body.ExceptionHandlingClauses)
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
                Add(clause.CatchType, found);
        var il = body.GetILAsByteArray() ?? Array.Empty<byte>();
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
                AddMember(method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments), found);
            at += OperandSize(code, il, at);
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    private static void AddMember(MemberInfo? member, HashSet<Type> found)
    {
        switch (member)
        {
            case Type type:
                Add(type, found);
                break;
            case FieldInfo field:
                Add(field.DeclaringType, found);
                Add(field.FieldType, found);
                break;
            case MethodBase method:
                Add(method.DeclaringType, found);
                if (method.IsGenericMethod)
                    foreach (var argument in method.GetGenericArguments())
                        Add(argument, found);
                break;
        }
    }

    private static void Add(Type? type, HashSet<Type> found)
    {
        if (type == null || type.IsGenericParameter)
            return;
        if (type.HasElementType)
        {
            Add(type.GetElementType(), found);
            return;
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
                Add(argument, found);
            type = type.GetGenericTypeDefinition();
        }
        found.Add(type);
    }
}
