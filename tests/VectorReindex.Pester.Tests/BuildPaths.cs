using System.Reflection;

namespace VectorReindex.Pester.Tests;

/// <summary>Paths the build stamped into this assembly (see the project file): the repository, the packaged module, Pester, the node.</summary>
internal static class BuildPaths
{
    public static string RepoRoot { get; } = Get("RepoRoot");

    public static string ModuleManifest { get; } = Get("ModuleManifest");

    public static string PesterManifest { get; } = Get("PesterManifest");

    public static string LocalNodeAssembly { get; } = Get("LocalNodeAssembly");

    /// <summary>A System.Text.Json of another version than the module ships, for the assembly-conflict test.</summary>
    public static string OtherSystemTextJson { get; } = Get("OtherSystemTextJson");

    /// <summary>A Microsoft.Extensions.Logging.Abstractions of another version than the module ships, for the same test.</summary>
    public static string OtherLogging { get; } = Get("OtherLogging");

    private static string Get(string key)
    {
        var path = typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"{key}: '{path}' does not exist. Build the solution first (dotnet build VectorReindex.sln).");
        return path;
    }
}
