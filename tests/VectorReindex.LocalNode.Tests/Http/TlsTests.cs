using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Http;

public sealed class TlsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vr-tls-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A client that trusts only the node's CA, pinned by its SHA-256 fingerprint (as Elastic's clients do).</summary>
    private static HttpClient PinnedClient(Uri uri, string fingerprint, List<string>? seen = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    var anchors = chain!.ChainElements.Select(e => Convert.ToHexStringLower(SHA256.HashData(e.Certificate.RawData))).ToList();
                    seen?.AddRange(anchors);
                    return anchors.Contains(fingerprint);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = uri };
    }

    [Fact]
    public async Task Tls_WithDataDirectory_ServesHttpsSignedByAPersistedCa()
    {
        string fingerprint;
        await using (var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, DataPath = _data, Tls = true }))
        {
            Assert.Equal("https", node.Uri.Scheme);
            fingerprint = node.CaFingerprint!;
            Assert.Matches("^[0-9a-f]{64}$", fingerprint);
            var caFile = Path.Combine(_data, "certs", "http_ca.crt");
            Assert.Equal(caFile, node.CaCertificatePath);
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
            Assert.Equal(fingerprint, Convert.ToHexStringLower(SHA256.HashData(ca.RawData)));
            Assert.True(File.Exists(Path.Combine(_data, "certs", "http.p12")));

            using var http = PinnedClient(node.Uri, fingerprint);
            var body = JsonNode.Parse(await http.GetStringAsync("/"))!;
            Assert.Equal("You Know, for Search", (string?)body["tagline"]);
        }

        await using var restarted = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, DataPath = _data, Tls = true });
        Assert.Equal(fingerprint, restarted.CaFingerprint);
        using var again = PinnedClient(restarted.Uri, fingerprint);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Tls_ClientTrustingTheCaFile_Connects()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, DataPath = _data, Tls = true });
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPemFile(node.CaCertificatePath!);
        var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        using var http = new HttpClient(handler) { BaseAddress = node.Uri };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Tls_ClientPinningAnotherCa_IsRefused()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, Tls = true });
        using var http = PinnedClient(node.Uri, new string('0', 64));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/"));
    }

    [Fact]
    public async Task Tls_GivenPemCertificate_IsServed()
    {
        Directory.CreateDirectory(_data);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=operator-given", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPath = Path.Combine(_data, "node.crt");
        var keyPath = Path.Combine(_data, "node.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        var options = LocalNodeOptions.Parse(new[] { "--port", "0", "--tls-cert", certPath, "--tls-key", keyPath }, _ => null);

        await using var node = await LocalNodeServer.StartAsync(options);

        var expected = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        Assert.Equal(expected, node.CaFingerprint);
        using var http = PinnedClient(node.Uri, expected);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Tls_UnreadableCertificate_NamesTheOption()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, Tls = true, TlsCertificatePath = Path.Combine(_data, "missing.p12") }));
        Assert.Contains("--tls-cert", ex.Message);
    }

    [Fact]
    public void Tls_CompressionIsOffByDefault_AsHttpCompressionIs()
    {
        Assert.True(LocalNodeOptions.Parse(Array.Empty<string>(), _ => null).HttpCompression);
        Assert.False(LocalNodeOptions.Parse(new[] { "--tls" }, _ => null).HttpCompression);
        Assert.True(LocalNodeOptions.Parse(new[] { "--tls", "--http-compression", "true" }, _ => null).HttpCompression);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
