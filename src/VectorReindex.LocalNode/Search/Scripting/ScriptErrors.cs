using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search.Scripting;

/// <summary>
/// A score script that cannot compile or fails on a document. Reported as Elasticsearch reports a
/// Painless failure: a 400 script_exception ("compile error" or "runtime error") with the script, its
/// language and the Java exception that caused it.
/// </summary>
internal sealed class ScriptFailure : Exception
{
    public ScriptFailure(bool atCompile, string causeType, string message)
        : base(message)
    {
        AtCompile = atCompile;
        CauseType = causeType;
    }

    public bool AtCompile { get; }

    public string CauseType { get; }

    public ElasticsearchException ToElasticsearch(string source) =>
        new ElasticsearchException(400, "script_exception", AtCompile ? "compile error" : "runtime error",
                new ElasticsearchException(400, CauseType, Message))
            .AsRootCause()
            .With("script", source)
            .With("lang", "painless");
}

internal static class ScriptErrors
{
    public static ScriptFailure Compile(string message) => new(true, "illegal_argument_exception", message);

    public static ScriptFailure Runtime(string message, string causeType = "illegal_argument_exception") => new(false, causeType, message);
}
