using System.Globalization;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Embedding;

/// <summary>Answers an OpenAI-compatible embeddings endpoint gives, for ScriptedHttpServer.</summary>
internal static class OpenAIAnswers
{
    /// <summary>
    /// <paramref name="count"/> embeddings of <paramref name="dimensions"/>, listed in reverse
    /// index order (the API does not promise order); item i's values are all <paramref name="first"/> + i.
    /// </summary>
    public static ScriptedResponse Embeddings(int count, int dimensions, float first = 0)
    {
        var data = Enumerable.Range(0, count).Reverse().Select(i =>
        {
            var value = (first + i).ToString(CultureInfo.InvariantCulture);
            return $$"""{"object":"embedding","index":{{i}},"embedding":[{{string.Join(",", Enumerable.Repeat(value, dimensions))}}]}""";
        });
        return new ScriptedResponse(200,
            $$$"""{"object":"list","data":[{{{string.Join(",", data)}}}],"model":"test-embed","usage":{"prompt_tokens":{{{count * 3}}},"total_tokens":{{{count * 3}}}}}""",
            new Dictionary<string, string>());
    }

    /// <summary>The answer to encoding_format "base64": each vector's little-endian float32 bytes, base64-encoded, listed in reverse index order.</summary>
    public static ScriptedResponse Base64Embeddings(float[][] vectors)
    {
        var data = Enumerable.Range(0, vectors.Length).Reverse().Select(i =>
        {
            var bytes = new byte[vectors[i].Length * 4];
            Buffer.BlockCopy(vectors[i], 0, bytes, 0, bytes.Length);
            return $$"""{"object":"embedding","index":{{i}},"embedding":"{{Convert.ToBase64String(bytes)}}"}""";
        });
        return new ScriptedResponse(200,
            $$$"""{"object":"list","data":[{{{string.Join(",", data)}}}],"model":"test-embed","usage":{"prompt_tokens":{{{vectors.Length}}},"total_tokens":{{{vectors.Length}}}}}""",
            new Dictionary<string, string>());
    }

    public static ScriptedResponse Error(int status, string message, string? retryAfter = null)
    {
        var headers = new Dictionary<string, string>();
        if (retryAfter != null) headers["Retry-After"] = retryAfter;
        return new ScriptedResponse(status, $$$"""{"error":{"message":"{{{message}}}","type":"test_error","code":null}}""", headers);
    }
}
