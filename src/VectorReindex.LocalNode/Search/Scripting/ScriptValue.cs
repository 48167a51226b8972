namespace VectorReindex.LocalNode.Search.Scripting;

/// <summary>
/// A value of a score script: a whole number (Painless int/long), a floating-point number or a boolean.
/// Operations follow Painless's numeric promotion: two whole numbers give a whole number (so 7 / 2 is 3),
/// anything with a floating-point operand gives a double.
/// </summary>
internal readonly record struct ScriptValue(double Number, ScriptValueKind Kind)
{
    public static ScriptValue Long(long value) => new(value, ScriptValueKind.Long);

    public static ScriptValue Double(double value) => new(value, ScriptValueKind.Double);

    public static ScriptValue Bool(bool value) => new(value ? 1 : 0, ScriptValueKind.Bool);

    public bool IsBool => Kind == ScriptValueKind.Bool;

    public bool AsBool(string what) => IsBool ? Number != 0
        : throw ScriptErrors.Runtime($"Cannot cast from [{TypeName}] to [boolean] in {what}.");

    public double AsNumber(string what) => !IsBool ? Number
        : throw ScriptErrors.Runtime($"Cannot apply {what} to type [boolean].");

    public string TypeName => Kind switch { ScriptValueKind.Long => "long", ScriptValueKind.Double => "double", _ => "boolean" };

    public static ScriptValue Arithmetic(char op, ScriptValue a, ScriptValue b)
    {
        var x = a.AsNumber($"[{op}]");
        var y = b.AsNumber($"[{op}]");
        if (a.Kind == ScriptValueKind.Long && b.Kind == ScriptValueKind.Long)
        {
            long l = (long)x, r = (long)y;
            if (op is '/' or '%' && r == 0)
                throw ScriptErrors.Runtime("/ by zero", "arithmetic_exception");
            return Long(op switch { '+' => l + r, '-' => l - r, '*' => l * r, '/' => l / r, _ => l % r });
        }
        return Double(op switch { '+' => x + y, '-' => x - y, '*' => x * y, '/' => x / y, _ => x % y });
    }

    public static ScriptValue Compare(string op, ScriptValue a, ScriptValue b)
    {
        if (op is "==" or "!=")
        {
            var equal = a.IsBool == b.IsBool && a.Number.Equals(b.Number);
            return Bool(op == "==" ? equal : !equal);
        }
        var x = a.AsNumber($"[{op}]");
        var y = b.AsNumber($"[{op}]");
        return Bool(op switch { "<" => x < y, "<=" => x <= y, ">" => x > y, _ => x >= y });
    }
}

internal enum ScriptValueKind
{
    Long,
    Double,
    Bool,
}
