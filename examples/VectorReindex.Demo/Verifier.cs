using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace VectorReindex.Demo;

/// <summary>The final index compared with the writers' ground truth: lost, stale and resurrected documents.</summary>
public sealed class Verification
{
    public long Checked { get; set; }
    public long Lost { get; set; }
    public long Stale { get; set; }
    public long Resurrected { get; set; }

    /// <summary>Vectors compared with the new model's embedding of the document's current text.</summary>
    public long VectorsChecked { get; set; }

    /// <summary>Texts per second the new model embedded for the vector check (nothing else running in the demo).</summary>
    public double EmbedTextsPerSecond { get; set; }

    public List<string> Examples { get; } = new();
}

public static class Verifier
{
    /// <summary>Untouched documents whose vectors are checked when embedding them all again would take too long (a real model).</summary>
    public const int UntouchedVectorSample = 500;

    /// <summary>
    /// Compares <paramref name="found"/> with the truth: a document with other contents or another
    /// routing than <paramref name="routing"/> gives it is stale.
    /// </summary>
    public static async Task<Verification> VerifyAsync(IReadOnlyDictionary<string, StoredDocument> found, GroundTruth truth, Func<int, string?> routing,
        IEmbeddingGenerator<string, Embedding<float>> model, float tolerance, bool everyVector, CancellationToken ct)
    {
        var result = new Verification();
        var vectorChecks = new List<(string Id, string Text, float[] Stored)>();
        var untouched = 0;
        foreach (var n in truth.All())
        {
            result.Checked++;
            var expected = truth.Get(n);
            var id = Corpus.Id(n);
            var present = found.TryGetValue(id, out var doc);
            if (expected.Exists && !present) Note(result, () => result.Lost++, $"lost {id}");
            else if (!expected.Exists && present) Note(result, () => result.Resurrected++, $"resurrected {id}");
            else if (present)
            {
                var text = Corpus.Text(n, expected.Revision);
                if (doc!.Text != text || doc.Revision != expected.Revision || Math.Abs(doc.Price - expected.Price) > 1e-9)
                    Note(result, () => result.Stale++, $"stale {id}: revision {doc.Revision} (want {expected.Revision}), price {doc.Price} (want {expected.Price})");
                else if (doc.Routing != routing(n))
                    Note(result, () => result.Stale++, $"stale {id}: routed to {doc.Routing ?? "no routing"} (want {routing(n)})");
                else if (everyVector || expected.Revision > 0 || untouched++ % Math.Max(1, found.Count / UntouchedVectorSample) == 0)
                    vectorChecks.Add((id, text, doc.Vector));
            }
        }

        const int batch = 64;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < vectorChecks.Count; start += batch)
        {
            var chunk = vectorChecks.Skip(start).Take(batch).ToList();
            var vectors = await model.GenerateAsync(chunk.Select(c => c.Text).ToList(), null, ct);
            for (var i = 0; i < chunk.Count; i++)
            {
                var want = vectors[i].Vector.Span;
                var stored = chunk[i].Stored;
                var differs = stored.Length != want.Length;
                for (var d = 0; !differs && d < stored.Length; d++) differs = Math.Abs(stored[d] - want[d]) > tolerance;
                if (differs) Note(result, () => result.Stale++, $"stale {chunk[i].Id}: its vector is not the new model's vector of its text");
            }
        }
        result.VectorsChecked = vectorChecks.Count;
        result.EmbedTextsPerSecond = vectorChecks.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return result;
    }

    private static void Note(Verification v, Action count, string example)
    {
        count();
        if (v.Examples.Count < 10) v.Examples.Add(example);
    }
}
