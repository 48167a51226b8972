using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Turns source documents into versioned target writes: the source vectors kept (copy), or the
    /// text field embedded with the new model. A document that cannot be transformed becomes a
    /// failure naming its id; the rest go on.
    /// </summary>
    public sealed class DocumentTransformer
    {
        private readonly string _target;
        private readonly string _vectorField;
        private readonly string? _textField;
        private readonly int? _dimensions;
        private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;
        private readonly bool _base64Vectors;

        /// <param name="generator">Null for a copy migration.</param>
        /// <param name="base64Vectors">Write the vector as base64 of big-endian float32 (a 9.3+ target whose field is a float dense_vector).</param>
        public DocumentTransformer(string target, string vectorField, string? textField, int? dimensions, IEmbeddingGenerator<string, Embedding<float>>? generator,
            bool base64Vectors = false)
        {
            _base64Vectors = base64Vectors;
            _target = target;
            _vectorField = vectorField;
            _textField = textField;
            _dimensions = dimensions;
            _generator = generator;
        }

        public bool IsCopy => _generator == null;

        /// <summary>The copy of a document read as a JSON element (no bytes of its own to hold): its body is a closure over it.</summary>
        private BulkOperation CopyOfElement(SourceDocument doc, int start, int end) =>
            BulkOperation.VersionedIndex(_target, doc.Id, doc.Version, _base64Vectors
                ? w => Base64Vector.WriteSource(w, doc.RawSource, start, end)
                : w => w.WriteRawValue(doc.RawSource, skipInputValidation: true), doc.Routing);

        public async Task<(List<BulkOperation> Operations, List<DocumentFailure> Failures)> TransformAsync(IReadOnlyList<SourceDocument> documents, CancellationToken ct)
        {
            var ops = new List<BulkOperation>(documents.Count);
            var failures = new List<DocumentFailure>();
            if (_generator == null)
            {
                foreach (var doc in documents)
                {
                    // The vector is found once: its place serves the dimension check and the base64 rewrite.
                    var length = SourceFields.VectorLength(doc.RawSource, _vectorField, out var start, out var end);
                    if (length >= 0 && _dimensions.HasValue && length != _dimensions.Value)
                    {
                        failures.Add(new DocumentFailure(_target, doc.Id, MigrationErrorCodes.SourceVectorInvalid, string.Format(CultureInfo.InvariantCulture,
                            "Document '{0}': its {1} has {2} dimensions but the target expects {3}, so it cannot be copied as it is.",
                            doc.Id, _vectorField, length, _dimensions.Value)));
                        continue;
                    }
                    // The document's bytes exactly as the source returned them: no re-tokenizing of the vector,
                    // or with only the vector's text turned into base64 (the rest of the bytes unchanged).
                    ops.Add(doc.TryGetRawMemory(out var bytes)
                        ? BulkOperation.VersionedCopy(_target, doc.Id, doc.Version, bytes, _base64Vectors ? start : -1, end, doc.Routing)
                        : CopyOfElement(doc, start, end));
                }
                return (ops, failures);
            }

            var items = new List<(string Id, string Text)>(documents.Count);
            // Each _source parsed once (a page's documents hold bytes, and SourceDocument.Source parses them on each call).
            var byId = new Dictionary<string, (SourceDocument Document, JsonElement Source)>(documents.Count);
            foreach (var doc in documents)
            {
                var parsed = doc.Source;
                var text = _textField == null ? null : SourceFields.Text(parsed, _textField);
                if (string.IsNullOrWhiteSpace(text))
                {
                    failures.Add(new DocumentFailure(_target, doc.Id, MigrationErrorCodes.TextFieldMissing, _textField == null
                        ? $"Document '{doc.Id}': the migration re-embeds but names no text field, so there is no text to embed."
                        : $"Document '{doc.Id}' has no text in field '{_textField}' to embed."));
                    continue;
                }
                items.Add((doc.Id, text!));
                byId[doc.Id] = (doc, parsed);
            }
            var result = await EmbeddingBatcher.EmbedAsync(_generator, items, _dimensions, ct).ConfigureAwait(false);
            var embedded = result.Embedded.ToList();
            var batchFailures = result.Failures.ToList();
            if (items.Count > 1 && batchFailures.Count(f => f.Kind == EmbeddingFailureKind.EmbedderFailed) == items.Count)
            {
                // The embedder refused the whole batch: one text may be to blame. Embed one by one,
                // so only the documents it really cannot embed fail.
                embedded.Clear();
                batchFailures.Clear();
                foreach (var item in items)
                {
                    var single = await EmbeddingBatcher.EmbedAsync(_generator, new[] { item }, _dimensions, ct).ConfigureAwait(false);
                    embedded.AddRange(single.Embedded);
                    batchFailures.AddRange(single.Failures);
                }
            }
            foreach (var f in batchFailures)
                failures.Add(DocumentFailure.FromEmbedding(_target, f));
            foreach (var e in embedded)
            {
                var (doc, source) = byId[e.Id];
                var vector = e.Vector;
                ops.Add(BulkOperation.VersionedIndex(_target, doc.Id, doc.Version, w => SourceFields.WriteWithVector(w, source, _vectorField, vector, _base64Vectors), doc.Routing));
            }
            return (ops, failures);
        }
    }
}
