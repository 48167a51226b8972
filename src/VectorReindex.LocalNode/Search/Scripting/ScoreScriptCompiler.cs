using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search.Scripting;

/// <summary>
/// Compiles the subset of Painless that score scripts use into delegates: numeric and boolean
/// expressions (arithmetic, comparisons, &amp;&amp; || !, ?:), local declarations, return, params.x and
/// params['x'], doc['f'].value / .size() / .empty, _score, Math.*, saturation and sigmoid, and the vector
/// functions. Params are bound at compile time, as Painless reads them once per script.
/// Anything else is a compile error naming what the local node does not support.
/// </summary>
internal sealed class ScoreScriptCompiler
{
    private readonly List<Token> _tokens;
    private readonly JsonObject _params;
    private readonly Dictionary<string, int> _locals = new(StringComparer.Ordinal);
    private int _next;

    private ScoreScriptCompiler(string source, JsonObject parameters)
    {
        _tokens = Tokenize(source);
        _params = parameters;
    }

    public int LocalCount => _locals.Count;

    /// <summary>The script as one delegate from a document to its score, and how many local slots it needs.</summary>
    public static (Func<ScriptDocument, ScriptValue> Run, int Locals) Compile(string source, JsonObject parameters)
    {
        var compiler = new ScoreScriptCompiler(source, parameters);
        var run = compiler.Statements();
        return (run, compiler.LocalCount);
    }

    private Func<ScriptDocument, ScriptValue> Statements()
    {
        var steps = new List<Func<ScriptDocument, ScriptValue>>();
        Func<ScriptDocument, ScriptValue>? result = null;
        while (Peek.Kind != TokenKind.End)
        {
            if (result != null)
                throw ScriptErrors.Compile($"unreachable statement after return at [{Peek.Text}]");
            if (Peek.IsWord("return"))
            {
                _next++;
                result = Expression();
            }
            else if (Peek.Kind == TokenKind.Word && Peek.Text is "double" or "float" or "int" or "long" or "def" or "var" or "boolean"
                     && _tokens[_next + 1].Kind == TokenKind.Word)
            {
                var type = Take().Text;
                var name = Take().Text;
                Expect("=");
                var value = Expression();
                var slot = _locals[name] = _locals.Count;
                var convert = Conversion(type);
                steps.Add(d => d.Locals[slot] = convert(value(d)));
            }
            else
            {
                var expression = Expression();
                if (Peek.Kind == TokenKind.End || Peek.Text == ";" && _tokens[_next + 1].Kind == TokenKind.End)
                    result = expression;
                else
                    steps.Add(expression);
            }
            while (Peek.Text == ";" && Peek.Kind == TokenKind.Symbol)
                _next++;
        }
        if (result == null)
            throw ScriptErrors.Compile("the script returns no value");
        if (steps.Count == 0)
            return result;
        var all = steps.ToArray();
        return d =>
        {
            foreach (var step in all)
                step(d);
            return result(d);
        };
    }

    private static Func<ScriptValue, ScriptValue> Conversion(string type) => type switch
    {
        "double" or "float" => v => ScriptValue.Double(v.AsNumber("a double declaration")),
        "int" or "long" => v => ScriptValue.Long((long)v.AsNumber("an integer declaration")),
        "boolean" => v => ScriptValue.Bool(v.AsBool("a boolean declaration")),
        _ => v => v,
    };

    private Func<ScriptDocument, ScriptValue> Expression()
    {
        var condition = Or();
        if (!Accept("?"))
            return condition;
        var then = Expression();
        Expect(":");
        var otherwise = Expression();
        return d => condition(d).AsBool("a conditional") ? then(d) : otherwise(d);
    }

    private Func<ScriptDocument, ScriptValue> Or() =>
        LeftAssociative(And, new[] { "||" }, static (_, l, r) => d => ScriptValue.Bool(l(d).AsBool("||") || r(d).AsBool("||")));

    private Func<ScriptDocument, ScriptValue> And() =>
        LeftAssociative(Equality, new[] { "&&" }, static (_, l, r) => d => ScriptValue.Bool(l(d).AsBool("&&") && r(d).AsBool("&&")));

    private Func<ScriptDocument, ScriptValue> Equality() => LeftAssociative(Relational, new[] { "==", "!=" }, Comparison);

    private Func<ScriptDocument, ScriptValue> Relational() => LeftAssociative(Additive, new[] { "<", "<=", ">", ">=" }, Comparison);

    private Func<ScriptDocument, ScriptValue> Additive() => LeftAssociative(Multiplicative, new[] { "+", "-" }, Arithmetic);

    private Func<ScriptDocument, ScriptValue> Multiplicative() => LeftAssociative(Unary, new[] { "*", "/", "%" }, Arithmetic);

    /// <summary>One precedence level of left-associative binary operators: operands of the next level, joined left to right.</summary>
    private Func<ScriptDocument, ScriptValue> LeftAssociative(Func<Func<ScriptDocument, ScriptValue>> operand, string[] operators,
        Func<string, Func<ScriptDocument, ScriptValue>, Func<ScriptDocument, ScriptValue>, Func<ScriptDocument, ScriptValue>> combine)
    {
        var left = operand();
        while (Peek.Kind == TokenKind.Symbol && Array.IndexOf(operators, Peek.Text) >= 0)
        {
            var op = Take().Text;
            left = combine(op, left, operand());
        }
        return left;
    }

    private static Func<ScriptDocument, ScriptValue> Comparison(string op, Func<ScriptDocument, ScriptValue> l, Func<ScriptDocument, ScriptValue> r) =>
        d => ScriptValue.Compare(op, l(d), r(d));

    private static Func<ScriptDocument, ScriptValue> Arithmetic(string op, Func<ScriptDocument, ScriptValue> l, Func<ScriptDocument, ScriptValue> r)
    {
        var symbol = op[0];
        return d => ScriptValue.Arithmetic(symbol, l(d), r(d));
    }

    private Func<ScriptDocument, ScriptValue> Unary()
    {
        if (Accept("-"))
        {
            var operand = Unary();
            return d => operand(d) is var v && v.Kind == ScriptValueKind.Long ? ScriptValue.Long(-(long)v.Number) : ScriptValue.Double(-v.AsNumber("unary [-]"));
        }
        if (Accept("+"))
            return Unary();
        if (Accept("!"))
        {
            var operand = Unary();
            return d => ScriptValue.Bool(!operand(d).AsBool("[!]"));
        }
        if (Peek.Text == "(" && _tokens[_next + 1].Text is "double" or "float" or "int" or "long" && _tokens[_next + 2].Text == ")")
        {
            _next++;
            var convert = Conversion(Take().Text);
            Expect(")");
            var operand = Unary();
            return d => convert(operand(d));
        }
        return Primary();
    }

    private Func<ScriptDocument, ScriptValue> Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case TokenKind.Number:
                var constant = NumberLiteral(token.Text);
                return _ => constant;
            case TokenKind.Symbol when token.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Word:
                return Word(token.Text);
            default:
                throw ScriptErrors.Compile($"unexpected token [{token.Text}] in a score script");
        }
    }

    private Func<ScriptDocument, ScriptValue> Word(string word)
    {
        switch (word)
        {
            case "true":
                return _ => ScriptValue.Bool(true);
            case "false":
                return _ => ScriptValue.Bool(false);
            case "_score":
                return d => ScriptValue.Double(d.Score);
            case "params":
                var value = ParamValue(ParamName());
                if (value is not JsonValue number || number.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                    throw ScriptErrors.Compile("only numeric and boolean params can be used in expressions; vectors go to the vector functions");
                var bound = number.GetValueKind() == JsonValueKind.Number ? NumberLiteral(number.ToJsonString()) : ScriptValue.Bool(number.GetValueKind() == JsonValueKind.True);
                return _ => bound;
            case "doc":
                return DocAccess();
            case "Math":
                return MathMember();
        }
        if (_locals.TryGetValue(word, out var slot))
            return d => d.Locals[slot];
        if (ScriptVectorFunctions.IsVectorFunction(word))
            return VectorFunction(word);
        if (word is "saturation" or "sigmoid")
        {
            var args = Arguments();
            return word == "saturation"
                ? Arity(word, args, 2, a => d => ScriptValue.Double(a[0](d).AsNumber(word) is var v ? v / (a[1](d).AsNumber(word) + v) : 0))
                : Arity(word, args, 3, a => d =>
                {
                    var v = a[0](d).AsNumber(word);
                    var k = a[1](d).AsNumber(word);
                    var e = a[2](d).AsNumber(word);
                    return ScriptValue.Double(Math.Pow(v, e) / (Math.Pow(k, e) + Math.Pow(v, e)));
                });
        }
        throw ScriptErrors.Compile($"cannot resolve symbol [{word}] (the local node supports params, doc, _score, Math and the vector functions in score scripts)");
    }

    private Func<ScriptDocument, ScriptValue> DocAccess()
    {
        Expect("[");
        var field = Take();
        if (field.Kind != TokenKind.String)
            throw ScriptErrors.Compile("doc[…] takes a field name in quotes");
        Expect("]");
        Expect(".");
        var member = Take().Text;
        switch (member)
        {
            case "value":
                return d => d.Value(field.Text);
            case "size":
                Expect("(");
                Expect(")");
                return d => ScriptValue.Long(d.Size(field.Text));
            case "empty":
                return d => ScriptValue.Bool(d.Size(field.Text) == 0);
            case "isEmpty":
                Expect("(");
                Expect(")");
                return d => ScriptValue.Bool(d.Size(field.Text) == 0);
            default:
                throw ScriptErrors.Compile($"doc['{field.Text}'].{member} is not supported by the local node (value, size(), empty)");
        }
    }

    private Func<ScriptDocument, ScriptValue> MathMember()
    {
        Expect(".");
        var name = Take().Text;
        if (name == "E") return _ => ScriptValue.Double(Math.E);
        if (name == "PI") return _ => ScriptValue.Double(Math.PI);
        var args = Arguments();
        Func<double, double>? one = name switch
        {
            "log" => Math.Log, "log10" => Math.Log10, "sqrt" => Math.Sqrt, "exp" => Math.Exp, "floor" => Math.Floor,
            "ceil" => Math.Ceiling, "abs" => Math.Abs, "log1p" => x => Math.Log(1 + x), "signum" => x => Math.Sign(x), "tanh" => Math.Tanh,
            _ => null,
        };
        if (one != null)
            return Arity("Math." + name, args, 1, a => d => a[0](d) is var v && name == "abs" && v.Kind == ScriptValueKind.Long
                ? ScriptValue.Long(Math.Abs((long)v.Number)) : ScriptValue.Double(one(v.AsNumber("Math." + name))));
        return name switch
        {
            "pow" => Arity("Math.pow", args, 2, a => d => ScriptValue.Double(Math.Pow(a[0](d).AsNumber("Math.pow"), a[1](d).AsNumber("Math.pow")))),
            "min" or "max" => Arity("Math." + name, args, 2, a => d =>
            {
                var x = a[0](d);
                var y = a[1](d);
                var pick = name == "min" ? x.AsNumber(name) <= y.AsNumber(name) : x.AsNumber(name) >= y.AsNumber(name);
                var chosen = pick ? x : y;
                return x.Kind == ScriptValueKind.Long && y.Kind == ScriptValueKind.Long ? chosen : ScriptValue.Double(chosen.Number);
            }),
            _ => throw ScriptErrors.Compile($"unknown method [Math.{name}] in a score script of the local node"),
        };
    }

    private Func<ScriptDocument, ScriptValue> VectorFunction(string function)
    {
        Expect("(");
        if (!Take().IsWord("params"))
            throw ScriptErrors.Compile($"[{function}] takes the query vector from params (params.query_vector)");
        var name = ParamName();
        var query = QueryVector(function, name, ParamValue(name));
        var norm = MathF.Sqrt(VectorMath.Dot(query, query));
        Expect(",");
        string field;
        var next = Take();
        if (next.Kind == TokenKind.String)
        {
            field = next.Text;
        }
        else if (next.IsWord("doc"))
        {
            Expect("[");
            var f = Take();
            if (f.Kind != TokenKind.String)
                throw ScriptErrors.Compile("doc[…] takes a field name in quotes");
            field = f.Text;
            Expect("]");
        }
        else
        {
            throw ScriptErrors.Compile($"[{function}] takes the vector field's name in quotes as its second argument");
        }
        Expect(")");
        return d => ScriptVectorFunctions.Evaluate(function, query, norm, d, field);
    }

    private static float[] QueryVector(string function, string name, JsonNode? value)
    {
        if (value is not JsonArray array)
            throw ScriptErrors.Compile($"[{function}] needs params.{name} to be an array of numbers");
        var vector = new float[array.Count];
        for (var i = 0; i < array.Count; i++)
            vector[i] = array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (float)v.GetValue<double>()
                : throw ScriptErrors.Compile($"element [{i}] of params.{name} is not a number");
        return vector;
    }

    private string ParamName()
    {
        if (Accept("."))
            return Take().Text;
        Expect("[");
        var name = Take();
        if (name.Kind != TokenKind.String)
            throw ScriptErrors.Compile("params[…] takes a name in quotes");
        Expect("]");
        return name.Text;
    }

    private JsonNode? ParamValue(string name) =>
        _params.TryGetPropertyValue(name, out var value) ? value : throw ScriptErrors.Runtime($"params.{name} is not set", "null_pointer_exception");

    private List<Func<ScriptDocument, ScriptValue>> Arguments()
    {
        Expect("(");
        var args = new List<Func<ScriptDocument, ScriptValue>>();
        if (Accept(")"))
            return args;
        do args.Add(Expression());
        while (Accept(","));
        Expect(")");
        return args;
    }

    private static Func<ScriptDocument, ScriptValue> Arity(string name, List<Func<ScriptDocument, ScriptValue>> args, int count,
        Func<Func<ScriptDocument, ScriptValue>[], Func<ScriptDocument, ScriptValue>> build) =>
        args.Count == count ? build(args.ToArray()) : throw ScriptErrors.Compile($"[{name}] takes {count} arguments, not {args.Count}");

    private static ScriptValue NumberLiteral(string text)
    {
        var trimmed = text.TrimEnd('L', 'l', 'f', 'F', 'd', 'D');
        var isDouble = text.EndsWith('f') || text.EndsWith('F') || text.EndsWith('d') || text.EndsWith('D') || trimmed.Contains('.') || trimmed.Contains('e') || trimmed.Contains('E');
        return isDouble
            ? ScriptValue.Double(double.Parse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture))
            : ScriptValue.Long(long.Parse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture));
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next].Kind == TokenKind.End ? throw ScriptErrors.Compile("unexpected end of script") : _tokens[_next++];

    private bool Accept(string symbol)
    {
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != symbol)
            return false;
        _next++;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
            throw ScriptErrors.Compile($"expected [{symbol}] but found [{(Peek.Kind == TokenKind.End ? "end of script" : Peek.Text)}]");
    }

    private static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsDigit(c) || c == '.' && i + 1 < source.Length && char.IsDigit(source[i + 1]))
            {
                while (i < source.Length && (char.IsDigit(source[i]) || source[i] == '.')) i++;
                if (i < source.Length && source[i] is 'e' or 'E')
                {
                    i++;
                    if (i < source.Length && source[i] is '+' or '-') i++;
                    while (i < source.Length && char.IsDigit(source[i])) i++;
                }
                if (i < source.Length && source[i] is 'L' or 'l' or 'f' or 'F' or 'd' or 'D') i++;
                tokens.Add(new Token(TokenKind.Number, source[start..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Word, source[start..i]));
            }
            else if (c is '\'' or '"')
            {
                i++;
                while (i < source.Length && source[i] != c) i++;
                if (i >= source.Length)
                    throw ScriptErrors.Compile("unterminated string in a score script");
                tokens.Add(new Token(TokenKind.String, source[(start + 1)..i]));
                i++;
            }
            else
            {
                var two = i + 1 < source.Length ? source.Substring(i, 2) : "";
                if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                {
                    tokens.Add(new Token(TokenKind.Symbol, two));
                    i += 2;
                }
                else if ("()[].,;?:+-*/%!<>=".IndexOf(c) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                    i++;
                }
                else
                {
                    throw ScriptErrors.Compile($"unexpected character [{c}] in a score script");
                }
            }
        }
        tokens.Add(new Token(TokenKind.End, ""));
        tokens.Add(new Token(TokenKind.End, ""));
        tokens.Add(new Token(TokenKind.End, ""));
        return tokens;
    }

    private enum TokenKind
    {
        Number,
        Word,
        String,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;
    }
}
