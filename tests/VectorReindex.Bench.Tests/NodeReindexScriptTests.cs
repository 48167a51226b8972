using System.Text.Json;

namespace VectorReindex.Bench.Tests;

/// <summary>
/// The Node.js peer of `backfill --peers` is committed as a script with its package.json and lock
/// file (the bench runs `npm ci` when node_modules is absent); node_modules itself is never committed.
/// </summary>
public class NodeReindexScriptTests
{
    private static readonly string ScriptDirectory = Path.Combine(RepositoryRoot(), "bench", "node_reindex");

    [Fact]
    public void The_script_copies_with_the_official_clients_scroll_search_and_bulk_helpers()
    {
        var script = File.ReadAllText(Path.Combine(ScriptDirectory, "reindex.js"));

        Assert.Contains("require('@elastic/elasticsearch')", script);
        Assert.Contains("client.helpers.scrollSearch(", script);
        Assert.Contains("client.helpers.bulk(", script);
        Assert.Contains("_source_exclude_vectors = false", script); // 9.2+ leaves vectors out of _source unless asked
        Assert.Contains("JSON.stringify({ seconds", script);        // the line ScriptPeer reads
    }

    [Fact]
    public void The_package_pins_the_9x_client_and_its_lock_file_agrees()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScriptDirectory, "package.json")));
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScriptDirectory, "package-lock.json")));

        var pinned = package.RootElement.GetProperty("dependencies").GetProperty("@elastic/elasticsearch").GetString()!;
        Assert.StartsWith("9.", pinned);
        var locked = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/@elastic/elasticsearch").GetProperty("version").GetString();
        Assert.Equal(pinned, locked);
    }

    [Fact]
    public void Node_modules_stays_out_of_the_repository()
    {
        var ignore = File.ReadAllLines(Path.Combine(ScriptDirectory, ".gitignore"));

        Assert.Contains("node_modules/", ignore);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "VectorReindex.sln"))) return directory.FullName;
        throw new InvalidOperationException("No VectorReindex.sln above " + AppContext.BaseDirectory);
    }
}
