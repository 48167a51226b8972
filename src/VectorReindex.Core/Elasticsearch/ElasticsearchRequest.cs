using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// One call that goes through the client's transport as bytes (bulk, PIT pages, free-form JSON
    /// such as mappings). The body is a writer, not bytes, so every retry rebuilds it and large
    /// bodies (bulk NDJSON) stream straight to the socket.
    /// </summary>
    public sealed class ElasticsearchRequest
    {
        public ElasticsearchRequest(HttpMethod method, string path)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            if (string.IsNullOrEmpty(path) || path[0] != '/') throw new ArgumentException("The path must start with '/'.", nameof(path));
            Path = path;
        }

        public HttpMethod Method { get; }

        /// <summary>Path with escaped segments, for example /products-v2/_doc/42.</summary>
        public string Path { get; }

        public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Writes the body; called once per attempt. Null for no body.</summary>
        public Func<Stream, CancellationToken, Task>? Body { get; set; }

        /// <summary>An NDJSON body (_bulk): sent with the connection's NDJSON media type instead of its JSON one.</summary>
        public bool IsNdJson { get; set; }

        /// <summary>Statuses returned as responses instead of thrown (for example 404 for an existence check, 409 for versioned bulk items).</summary>
        public ISet<int> AcceptedStatuses { get; } = new HashSet<int>();

        /// <summary>Overrides the connection's retry count for this request (0: one attempt per call).</summary>
        public int? MaxRetries { get; set; }

        /// <summary>Overrides the connection's per-attempt timeout.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Read the response into a pooled buffer: the caller disposes the <see cref="RawResponse"/> when done with it.</summary>
        public bool PooledResponse { get; set; }

        public ElasticsearchRequest WithQuery(string name, string? value)
        {
            if (value != null) Query.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        /// <summary>Returns every non-retriable status as a response; the caller inspects it.</summary>
        public bool AcceptAnyStatus { get; set; }

        public ElasticsearchRequest Accept(params int[] statuses)
        {
            foreach (var s in statuses) AcceptedStatuses.Add(s);
            return this;
        }

        public ElasticsearchRequest WithJsonBody(byte[] utf8Json)
        {
            Body = (stream, ct) => stream.WriteAsync(utf8Json, 0, utf8Json.Length, ct);
            return this;
        }

        public ElasticsearchRequest WithJsonBody(string json) => WithJsonBody(Encoding.UTF8.GetBytes(json));

        /// <summary>Path and query as sent, for messages and logs (never carries credentials).</summary>
        public string PathAndQuery =>
            Query.Count == 0 ? Path : Path + "?" + string.Join("&", Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));

        /// <summary>Escapes one path segment (index name, document id).</summary>
        public static string Segment(string value) => Uri.EscapeDataString(value);

        public override string ToString() => Method + " " + PathAndQuery;
    }
}
