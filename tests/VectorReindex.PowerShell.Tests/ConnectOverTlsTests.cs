using VectorReindex.LocalNode;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// Connect-VectorCluster over HTTPS to a node whose certificate is signed by a private CA (the node's
/// --tls, which generates a CA and sends it in the handshake, as Elasticsearch's auto-configuration does).
/// </summary>
public sealed class ConnectOverTlsTests : IClassFixture<ModuleFixture>, IAsyncLifetime
{
    private readonly ModuleFixture _fixture;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vr-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalNodeServer _node = null!;

    public ConnectOverTlsTests(ModuleFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() =>
        _node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, Tls = true, DataPath = _data, EsVersion = "8.17.0" });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Connect_WithCaFingerprint_Succeeds()
    {
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri -CertificateFingerprint $fp",
            Vars(("uri", _node.Uri), ("fp", _node.CaFingerprint))).AssertNoErrors();

        Assert.Equal("8.17.0", Assert.Single(result.Output).Properties["Version"].Value);
    }

    [Fact]
    public void Connect_WithCaFile_Succeeds()
    {
        Assert.True(File.Exists(_node.CaCertificatePath), "the node wrote no CA file");

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri -CertificateAuthorityPath $ca",
            Vars(("uri", _node.Uri), ("ca", _node.CaCertificatePath))).AssertNoErrors();

        Assert.Single(result.Output);
    }

    [Fact]
    public void Connect_WithoutTrust_FailsWithTheFingerprintItSaw_AndTheFix()
    {
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri", Vars(("uri", _node.Uri)));

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.Equal("ServerCertificateUntrusted,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, error.CategoryInfo.Category);
        var colons = string.Join(":", Enumerable.Range(0, 32).Select(i => _node.CaFingerprint!.Substring(i * 2, 2))).ToUpperInvariant();
        Assert.Contains(colons, error.Exception.Message);
        Assert.Contains("-CertificateFingerprint", error.ErrorDetails.RecommendedAction);
        Assert.Contains("-CertificateAuthorityPath", error.ErrorDetails.RecommendedAction);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Connect_WrongFingerprint_IsRefused()
    {
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri -CertificateFingerprint $fp",
            Vars(("uri", _node.Uri), ("fp", new string('a', 64))));

        Assert.Equal("ServerCertificateUntrusted,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", result.TerminatingError?.FullyQualifiedErrorId);
    }
}
