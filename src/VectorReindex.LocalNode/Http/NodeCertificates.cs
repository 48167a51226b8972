using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// The HTTPS identity of the node, as Elasticsearch's security auto-configuration sets one up: a CA
/// ("Elasticsearch security auto-configuration HTTP CA") and a node certificate it signs, kept in the
/// data directory's certs/ folder (http_ca.crt, http.p12) so clients can pin the CA across restarts;
/// or a certificate the operator gives.
/// </summary>
internal sealed class NodeCertificates
{
    private NodeCertificates(X509Certificate2 serving, X509Certificate2 trustAnchor, string? caPath)
    {
        Serving = serving;
        TrustAnchor = trustAnchor;
        CaPath = caPath;
    }

    /// <summary>The certificate (with private key) Kestrel serves.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The CA clients should trust (the given certificate itself when the operator brought one).</summary>
    public X509Certificate2 TrustAnchor { get; }

    /// <summary>Where the CA certificate is written (PEM), null when it lives in memory only.</summary>
    public string? CaPath { get; }

    /// <summary>SHA-256 of the trust anchor's DER encoding, lower-case hex, as Elasticsearch prints it.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(TrustAnchor.RawData));

    public static NodeCertificates Load(LocalNodeOptions options)
    {
        if (options.TlsCertificatePath != null)
            return FromFiles(options.TlsCertificatePath, options.TlsKeyPath);
        if (options.DataPath == null)
            return Generate(options.Host, null);
        var folder = Path.Combine(options.DataPath, "certs");
        var caPath = Path.Combine(folder, "http_ca.crt");
        var keystorePath = Path.Combine(folder, "http.p12");
        if (File.Exists(caPath) && File.Exists(keystorePath))
            return new NodeCertificates(X509CertificateLoader.LoadPkcs12FromFile(keystorePath, null), X509CertificateLoader.LoadCertificateFromFile(caPath), caPath);
        Directory.CreateDirectory(folder);
        var generated = Generate(options.Host, caPath);
        File.WriteAllBytes(keystorePath + ".tmp", generated.Serving.Export(X509ContentType.Pkcs12));
        File.Move(keystorePath + ".tmp", keystorePath, overwrite: true);
        File.WriteAllText(caPath + ".tmp", generated.TrustAnchor.ExportCertificatePem() + "\n");
        File.Move(caPath + ".tmp", caPath, overwrite: true);
        return generated;
    }

    private static NodeCertificates FromFiles(string certificatePath, string? keyPath)
    {
        try
        {
            var certificate = keyPath != null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, null);
            if (!certificate.HasPrivateKey)
                throw new ArgumentException($"--tls-cert '{certificatePath}' has no private key; give --tls-key KEY.pem or a PKCS#12 file that holds the key.");
            // Kestrel on some platforms needs a persisted key; a PKCS#12 round trip gives it one.
            var serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            return new NodeCertificates(serving, X509CertificateLoader.LoadCertificate(certificate.RawData), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-cert '{certificatePath}'{(keyPath != null ? $" with --tls-key '{keyPath}'" : "")} cannot be loaded ({ex.Message}); give a PEM certificate and key, or a PKCS#12 file without a password.");
        }
    }

    private static NodeCertificates Generate(string host, string? caPath)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Elasticsearch security auto-configuration HTTP CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(3));

        using var nodeKey = RSA.Create(2048);
        var nodeRequest = new CertificateRequest("CN=" + Environment.MachineName, nodeKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(host, out var address) && !IPAddress.IsLoopback(address))
            names.AddIpAddress(address);
        else if (host != "localhost" && address == null)
            names.AddDnsName(host);
        nodeRequest.CertificateExtensions.Add(names.Build());
        nodeRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        nodeRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        nodeRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = nodeRequest.Create(ca, now, now.AddYears(2), serial);
        using var withKey = signed.CopyWithPrivateKey(nodeKey);
        var serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new NodeCertificates(serving, X509CertificateLoader.LoadCertificate(ca.RawData), caPath);
    }
}
