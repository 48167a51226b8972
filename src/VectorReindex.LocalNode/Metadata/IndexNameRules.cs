using System.Text;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>The naming rules Elasticsearch applies to index and alias names, with its error types and texts.</summary>
internal static class IndexNameRules
{
    private static readonly char[] Forbidden = { '\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',' };

    public static void ValidateIndexName(string name) => Validate(name, "index", "invalid_index_name_exception");

    public static void ValidateAliasName(string name) => Validate(name, "alias", "invalid_alias_name_exception");

    private static void Validate(string name, string kind, string type)
    {
        string? problem = null;
        if (name.Length == 0)
            problem = "must not be empty";
        else if (name.IndexOfAny(Forbidden) >= 0)
            problem = "must not contain the following characters [' ', '\"', '*', ',', '/', '<', '>', '?', '\\', '|']";
        else if (name.Contains('#'))
            problem = "must not contain '#'";
        else if (name.Contains(':'))
            problem = "must not contain ':'";
        else if (name[0] is '_' or '-' or '+')
            problem = "must not start with '_', '-', or '+'";
        else if (kind == "index" && !name.Equals(name.ToLowerInvariant(), StringComparison.Ordinal))
            problem = "must be lowercase";
        else if (name is "." or "..")
            problem = "must not be '.' or '..'";
        else if (Encoding.UTF8.GetByteCount(name) > 255)
            problem = $"{kind} name is too long, ({Encoding.UTF8.GetByteCount(name)} > 255)";
        if (problem == null)
            return;
        var error = new ElasticsearchException(400, type, $"Invalid {kind} name [{name}], {problem}");
        if (kind == "index")
            error.WithIndex(name, null);
        throw error;
    }
}
