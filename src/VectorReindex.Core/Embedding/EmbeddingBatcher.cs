using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Embeds a batch of (id, text) items and turns every way an embedder can fail one item into a
    /// per-item failure naming it, so a backfill can report each bad document and go on with the rest.
    /// </summary>
    public static class EmbeddingBatcher
    {
        /// <summary>
        /// Sends the non-empty texts to <paramref name="generator"/> in one call and checks each
        /// vector. <paramref name="expectedDimensions"/> null means "the length of the first vector".
        /// Only cancellation throws; every other failure is in <see cref="EmbeddingBatchResult.Failures"/>.
        /// </summary>
        public static async Task<EmbeddingBatchResult> EmbedAsync(
            IEmbeddingGenerator<string, Embedding<float>> generator,
            IReadOnlyList<(string Id, string Text)> items,
            int? expectedDimensions,
            CancellationToken cancellationToken)
        {
            if (generator == null) throw new ArgumentNullException(nameof(generator));
            if (items == null) throw new ArgumentNullException(nameof(items));
            var embedded = new List<EmbeddedItem>(items.Count);
            var failures = new List<EmbeddingFailure>();

            var sent = new List<int>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(items[i].Text))
                    failures.Add(new EmbeddingFailure(i, items[i].Id, EmbeddingFailureKind.EmptyText, "the text is empty or whitespace."));
                else
                    sent.Add(i);
            }
            if (sent.Count == 0) return new EmbeddingBatchResult(embedded, failures);

            GeneratedEmbeddings<Embedding<float>> vectors;
            try
            {
                vectors = await generator.GenerateAsync(sent.Select(i => items[i].Text).ToList(), null, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                FailAll(sent, items, failures, string.Format(CultureInfo.InvariantCulture,
                    "the embedder failed for the batch of {0} texts this one was in: {1}", sent.Count, ex.Message), ex);
                return Sorted(embedded, failures);
            }
            if (vectors.Count != sent.Count)
            {
                FailAll(sent, items, failures, string.Format(CultureInfo.InvariantCulture,
                    "the embedder returned {0} vectors for the batch of {1} texts this one was in.", vectors.Count, sent.Count), null);
                return Sorted(embedded, failures);
            }

            var dimensions = expectedDimensions ?? vectors[0].Vector.Length;
            for (var j = 0; j < sent.Count; j++)
            {
                var (id, _) = items[sent[j]];
                var vector = vectors[j].Vector;
                if (vector.Length != dimensions)
                    failures.Add(new EmbeddingFailure(sent[j], id, EmbeddingFailureKind.WrongDimensions, string.Format(CultureInfo.InvariantCulture,
                        "the embedder returned {0} dimensions; {1} are expected.", vector.Length, dimensions)));
                else if (!Documents.VectorValues.AllFinite(vector.Span))
                    failures.Add(new EmbeddingFailure(sent[j], id, EmbeddingFailureKind.NonFiniteValue,
                        "the embedder returned a vector with NaN or infinite values."));
                else
                    embedded.Add(new EmbeddedItem(sent[j], id, vector));
            }
            return Sorted(embedded, failures);
        }

        private static void FailAll(List<int> sent, IReadOnlyList<(string Id, string Text)> items, List<EmbeddingFailure> failures, string reason, Exception? exception)
        {
            foreach (var i in sent) failures.Add(new EmbeddingFailure(i, items[i].Id, EmbeddingFailureKind.EmbedderFailed, reason, exception));
        }

        private static EmbeddingBatchResult Sorted(List<EmbeddedItem> embedded, List<EmbeddingFailure> failures) =>
            new EmbeddingBatchResult(embedded, failures.OrderBy(f => f.Index).ToList());
    }
}
