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

    /// <summary>Certificates sent after the node's own: the CA when the node generated it, none for a given certificate.</summary>
    public X509Certificate2Collection Chain => TrustAnchor.RawData.AsSpan().SequenceEqual(Serving.RawData) ? new() : new() { TrustAnchor };

    /// <summary>Where the CA certificate is written (PEM), null when it lives in memory only.</summary>
    public string? CaPath { get; }

    /// <summary>SHA-256 of the trust anchor's DER encoding, lower-case hex, as Elasticsearch prints it.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(TrustAnchor.RawData));

    public static NodeCertificates Load(LocalNodeOptions options)
    {
        if (options.TlsCertificatePath != null)
            return FromFiles(options.TlsCertificatePath, options.TlsKeyPath);
        if (options.DataPath == null)
            return Generate(options.Host, null).Certificates;
        var folder = Path.Combine(options.DataPath, "certs");
        var caPath = Path.Combine(folder, "http_ca.crt");
        var keystorePath = Path.Combine(folder, "http.p12");
        if (File.Exists(caPath) && File.Exists(keystorePath))
        {
            var bundle = new X509Certificate2Collection();
            bundle.ImportFromPemFile(caPath);
            return new NodeCertificates(X509CertificateLoader.LoadPkcs12FromFile(keystorePath, null), bundle[0], caPath);
        }
        Directory.CreateDirectory(folder);
        var (generated, signer) = Generate(options.Host, caPath);
        File.WriteAllBytes(keystorePath + ".tmp", generated.Serving.Export(X509ContentType.Pkcs12));
        File.Move(keystorePath + ".tmp", keystorePath, overwrite: true);
        // The CA first (what the fingerprint names), then its signer, so a client that loads the file as
        // its trust store reaches a self-signed root.
        File.WriteAllText(caPath + ".tmp", generated.TrustAnchor.ExportCertificatePem() + "\n" + signer.ExportCertificatePem() + "\n");
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

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    private static (NodeCertificates Certificates, X509Certificate2 Signer) Generate(string host, string? caPath)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        // The HTTP CA is signed by a throwaway key rather than by itself: .NET's TLS server on Linux never
        // sends a self-signed root in the handshake, and clients that pin the CA's fingerprint (Elastic's
        // clients check every certificate of the presented chain) must see it there, as they do with
        // Elasticsearch, which sends [node, http_ca].
        using var anchorKey = RSA.Create(2048);
        var anchorRequest = new CertificateRequest("CN=Elasticsearch security auto-configuration HTTP CA signer", anchorKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        anchorRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        anchorRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var anchor = anchorRequest.CreateSelfSigned(now, now.AddYears(3));
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Elasticsearch security auto-configuration HTTP CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caPublic = caRequest.Create(anchor, now, now.AddYears(3), RandomSerial());
        using var ca = caPublic.CopyWithPrivateKey(caKey);

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
        using var signed = nodeRequest.Create(ca, now, now.AddYears(2), RandomSerial());
        using var withKey = signed.CopyWithPrivateKey(nodeKey);
        var serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (new NodeCertificates(serving, X509CertificateLoader.LoadCertificate(ca.RawData), caPath), X509CertificateLoader.LoadCertificate(anchor.RawData));
    }
}
