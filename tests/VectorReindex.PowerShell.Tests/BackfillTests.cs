using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>Start-Backfill: resume after Ctrl+C without rewriting, 429 storms, and per-document bad input.</summary>
public sealed class BackfillTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public BackfillTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private Dictionary<string, object?> Vars(params (string, object?)[] vars)
    {
        var all = vars.ToDictionary(v => v.Item1, v => v.Item2);
        all["uri"] = _fixture.Node.Uri;
        return all;
    }

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    /// <summary>Every write to an index takes the next sequence number, so max(_seq_no) + 1 counts the writes (no deletes here).</summary>
    private async Task<long> WritesAsync(string index, int documents)
    {
        long max = -1;
        for (var start = 0; start < documents; start += 1000)
        {
            var ids = new JsonArray(Enumerable.Range(start, Math.Min(1000, documents - start)).Select(n => (JsonNode?)JsonValue.Create("doc-" + n)).ToArray());
            var docs = (await _seed.SendAsync(HttpMethod.Post, $"/{index}/_mget?_source=false", new JsonObject { ["ids"] = ids }.ToJsonString()))!["docs"]!.AsArray();
            foreach (var d in docs)
                if (d!["found"]!.GetValue<bool>()) max = Math.Max(max, d["_seq_no"]!.GetValue<long>());
        }
        return max + 1;
    }

    [Fact]
    public async Task Cancelled_ThenResumed_CompletesWithoutRewritingWhatWasCopied()
    {
        const int documents = 4000, batch = 100, slices = 2;
        var alias = "resume-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
        Run("New-ShadowIndex -Alias $alias | Out-Null", ("alias", alias)).AssertNoErrors();
        var stopAt = new Random().Next(documents / 5, documents * 3 / 5);

        using (var ps = _fixture.Host.Create($"Connect-VectorCluster -Uri $uri | Out-Null; Get-VectorMigration -Alias {alias} | Start-Backfill -Slices {slices} -BatchSize {batch} -MaxDocsPerSecond 2000", Vars()))
        {
            var invocation = ps.BeginInvoke();
            while (true)
            {
                await Task.Delay(50);
                await _seed.SendAsync(HttpMethod.Post, $"/{alias}-v2/_refresh");
                if ((await _seed.CountAsync(alias + "-v2")) >= stopAt || invocation.IsCompleted) break;
            }
            ps.Stop();
            Assert.False(ps.InvocationStateInfo.State == PSInvocationState.Completed, "the backfill finished before it could be cancelled");
        }
        var copiedBefore = await _seed.CountAsync(alias + "-v2");

        var resumed = Run("Get-VectorMigration -Alias $alias | Start-Backfill -Slices $slices -BatchSize $batch -Resume", ("alias", alias), ("slices", slices), ("batch", batch)).AssertNoErrors();

        Assert.Equal(documents, await _seed.CountAsync(alias + "-v2"));
        var writes = await WritesAsync(alias + "-v2", documents);
        // Only pages in flight at the cancellation (at most one per slice) may be written twice.
        Assert.InRange(writes, documents, documents + slices * batch);
        Assert.True(copiedBefore < documents);
        Assert.Empty(await IndexComparison.DifferencesAsync(_seed, alias + "-v1", alias + "-v2", documents, null));
        var backfill = (dynamic)Assert.Single(resumed.Output).Properties["Backfill"].Value;
        Assert.True((bool)backfill.IsComplete);
    }

    [Fact]
    public async Task ThirtyPercentOfBulkItemsRejected_BackfillCompletesWithNothingMissing()
    {
        const int documents = 2000;
        var alias = "faults-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
        await _seed.SendAsync(HttpMethod.Put, "/_localnode/faults", """{"bulk_item_reject_rate":0.3}""");
        ScriptResult result;
        try
        {
            result = Run("New-ShadowIndex -Alias $alias | Start-Backfill -Slices 2 -BatchSize 250", ("alias", alias));
        }
        finally
        {
            await _seed.SendAsync(HttpMethod.Delete, "/_localnode/faults");
        }

        result.AssertNoErrors();
        Assert.Contains(result.Progress, p => p.PercentComplete > 0 && p.PercentComplete <= 100 && p.StatusDescription.Contains("/s"));
        Assert.Contains(result.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
        var backfill = (dynamic)Assert.Single(result.Output).Properties["Backfill"].Value;
        Assert.True((long)backfill.Retried > documents / 10, $"only {(long)backfill.Retried} retries: were items rejected at all?");
        Assert.Equal(0L, (long)backfill.Failed);
        Assert.Empty(await IndexComparison.DifferencesAsync(_seed, alias + "-v1", alias + "-v2", documents, null));
    }

    [Fact]
    public async Task BadDocuments_AreNonTerminatingErrorsNamingThem_AndTheRestIsCopied()
    {
        var source = "bad-src-" + Guid.NewGuid().ToString("N")[..8];
        var target = source + "-copy";
        // The source keeps raw float arrays (no dims check), so a wrong-length vector can exist there.
        await _seed.SendAsync(HttpMethod.Put, "/" + source, """{"mappings":{"properties":{"title":{"type":"text"},"embedding":{"type":"float"}}}}""");
        await _seed.SendAsync(HttpMethod.Put, "/" + target, """{"mappings":{"properties":{"title":{"type":"text"},"embedding":{"type":"dense_vector","dims":8,"similarity":"cosine"}}}}""");
        var bulk = new StringBuilder();
        for (var n = 0; n < 20; n++)
        {
            var dims = n == 3 ? 7 : Dims;
            bulk.Append($$$"""{"index":{"_index":"{{{source}}}","_id":"doc-{{{n}}}"}}""").Append('\n');
            bulk.Append($$$"""{"title":"{{{(n == 5 ? "" : n == 7 ? "poison pill" : n == 9 ? "short answer" : "fine text " + n)}}}","embedding":{{{ClusterSeeder.Json(ClusterSeeder.Vector(n, dims))}}}}""").Append('\n');
        }
        await _seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");

        var copy = Run("Start-Backfill -Source $source -Target $target -BatchSize 8", ("source", source), ("target", target));
        var copyErrors = copy.Errors.Select(e => e.FullyQualifiedErrorId + ":" + e.TargetObject).ToList();
        Assert.Null(copy.TerminatingError);
        Assert.Equal(new[] { $"SourceVectorInvalid,VectorReindex.PowerShell.Commands.StartBackfillCommand:{target}/doc-3" }, copyErrors);
        Assert.Equal(19, (int)await _seed.CountAsync(target));

        var reembedTarget = source + "-reembed";
        await _seed.SendAsync(HttpMethod.Put, "/" + reembedTarget, """{"mappings":{"properties":{"title":{"type":"text"},"embedding":{"type":"dense_vector","dims":8,"similarity":"cosine"}}}}""");
        var reembed = Run("""
            $embedder = {
                param([string[]] $Texts)
                foreach ($t in $Texts) {
                    if ($t -like '*poison*') { throw "cannot embed '$t'" }
                    if ($t -like 'short*') { ,([float[]](1, 2, 3, 4)) } else { ,([float[]](1, 2, 3, 4, 5, 6, 7, 8)) }
                }
            }
            Start-Backfill -Source $source -Target $target -Embedder $embedder -TextField title -BatchSize 8
            """, ("source", source), ("target", reembedTarget));

        Assert.Null(reembed.TerminatingError);
        var failed = reembed.Errors.Select(e => e.TargetObject?.ToString()).OrderBy(t => t).ToList();
        Assert.Equal(new[] { $"{reembedTarget}/doc-5", $"{reembedTarget}/doc-7", $"{reembedTarget}/doc-9" }, failed);
        Assert.Contains(reembed.Errors, e => e.FullyQualifiedErrorId == "TextFieldMissing,VectorReindex.PowerShell.Commands.StartBackfillCommand" && e.Exception.Message.Contains("doc-5"));
        Assert.Contains(reembed.Errors, e => e.Exception.Message.Contains("doc-7") && e.Exception.Message.Contains("cannot embed"));
        Assert.Contains(reembed.Errors, e => e.Exception.Message.Contains("doc-9") && e.Exception.Message.Contains("dimensions"));
        var migration = Assert.Single(reembed.Output);
        Assert.Equal(3L, (long)((dynamic)migration.Properties["Backfill"].Value).Failed);
        Assert.Equal("BackfillIncomplete", migration.Properties["Phase"].Value.ToString());
        Assert.True(reembed.Warnings.Count(w => w.Message.Contains("is incomplete: ") && w.Message.Contains("3 failed (EmbeddingFailed 2, TextFieldMissing 1)")) == 1,
            string.Join(" | ", reembed.Warnings.Select(w => w.Message)));
        Assert.Equal(17, (int)await _seed.CountAsync(reembedTarget));
    }

    [Fact]
    public async Task MisspeltVectorFieldOnARecordedMigration_IsTerminatingMigrationPlanMismatch_AndNothingIsWritten()
    {
        var alias = "plan-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, 20, Dims);
        Run("New-ShadowIndex -Alias $alias | Out-Null", ("alias", alias)).AssertNoErrors();

        var result = Run("Get-VectorMigration -Alias $alias | Start-Backfill -VectorField embeding", ("alias", alias));

        Assert.Equal("MigrationPlanMismatch,VectorReindex.PowerShell.Commands.StartBackfillCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("'embedding'", result.TerminatingError!.Exception.Message);
        Assert.Contains("Remove-ShadowIndex", result.TerminatingError.ErrorDetails.RecommendedAction);
        Assert.Equal(0L, await _seed.CountAsync(alias + "-v2"));
    }

    [Fact]
    public async Task EveryDocumentFailing_IsTerminatingBackfillFailed_NamingTheFailureKinds()
    {
        var alias = "allfail-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, 40, Dims);
        // A text field the mapping has but no document fills: each document fails on its own.
        await _seed.SendAsync(HttpMethod.Put, $"/{alias}-v1/_mapping", """{ "properties": { "summary": { "type": "text" } } }""");

        var result = Run("New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 8) -TextField summary | Start-Backfill", ("alias", alias));

        Assert.Equal("BackfillFailed,VectorReindex.PowerShell.Commands.StartBackfillCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("all 40 failed (TextFieldMissing 40)", result.TerminatingError!.Exception.Message);
        Assert.Equal(40, result.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("TextFieldMissing,", StringComparison.Ordinal)));
        var recorded = Run("(Get-VectorMigration -Alias $alias).Phase.ToString()", ("alias", alias)).AssertNoErrors();
        Assert.Equal("BackfillIncomplete", Assert.Single(recorded.Output).BaseObject);
    }

    [Fact]
    public async Task ServerSide_HandsTheCopyToReindex_AndTheTargetEqualsTheSource()
    {
        const int documents = 1200;
        var alias = "server-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);

        var result = Run("New-ShadowIndex -Alias $alias | Start-Backfill -ServerSide", ("alias", alias)).AssertNoErrors();

        var backfill = (dynamic)Assert.Single(result.Output).Properties["Backfill"].Value;
        Assert.False(string.IsNullOrEmpty((string)backfill.ServerTaskId));
        Assert.Equal(documents, (long)backfill.Copied);
        Assert.Empty(await IndexComparison.DifferencesAsync(_seed, alias + "-v1", alias + "-v2", documents, null));

        var refused = Run("Get-VectorMigration -Alias $alias | Start-Backfill -ServerSide -Embedder (New-VectorEmbedder -Hashing -Dimensions 8) -TextField title", ("alias", alias));
        Assert.Equal("ServerSideNeedsCopy,VectorReindex.PowerShell.Commands.StartBackfillCommand", refused.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("-ServerSide", refused.TerminatingError!.ErrorDetails.RecommendedAction);
    }
}
