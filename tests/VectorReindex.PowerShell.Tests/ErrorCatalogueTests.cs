using System.Management.Automation;
using System.Reflection;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>The one catalogue of error ids: complete for Core's codes, and a catch-all for everything else.</summary>
public sealed class ErrorCatalogueTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;

    public ErrorCatalogueTests(ModuleFixture fixture) => _fixture = fixture;

    [Fact]
    public void EveryCoreErrorCode_HasACatalogueEntry()
    {
        // The module's own copies of both assemblies, as the runspace loaded them.
        var cmdlet = (Type)Assert.Single(_fixture.Host.Run("[VectorReindex.PowerShell.Commands.StartBackfillCommand]").AssertNoErrors().Output).BaseObject;
        var core = cmdlet.GetProperty("Migration")!.PropertyType.Assembly;
        var codes = core.GetType("VectorReindex.Core.Migrations.MigrationErrorCodes", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        var catalogue = cmdlet.Assembly.GetType("VectorReindex.PowerShell.ErrorCatalogue", throwOnError: true)!;
        var ids = ((IEnumerable<string>)catalogue.GetProperty("Ids", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToHashSet();

        Assert.True(codes.Count > 20, $"only {codes.Count} codes found");
        var missing = codes.Where(c => !ids.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no catalogue entry for " + string.Join(", ", missing));
    }

    [Fact]
    public async Task AnswerNothingExpects_IsUnexpectedError_WithTheInnerException()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        // GET / as Elasticsearch, then a mappings answer that is not JSON: no real cluster sends that.
        server.Enqueue(ScriptedResponse.Elasticsearch("8.17.0"), ScriptedResponse.Ok("<html>proxy error</html>"));

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null; Get-VectorMigration",
            new Dictionary<string, object?> { ["uri"] = server.Uri });

        var error = result.TerminatingError;
        Assert.Equal("UnexpectedError,VectorReindex.PowerShell.Commands.GetVectorMigrationCommand", error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, error!.CategoryInfo.Category);
        Assert.NotNull(error.Exception.InnerException);
        Assert.Contains(error.Exception.InnerException!.GetType().Name, error.Exception.Message);
        Assert.Contains("InnerException", error.ErrorDetails.RecommendedAction);
    }
}
