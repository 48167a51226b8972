using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// Decides whether the server's TLS certificate is trusted: the system store, a pinned CA
    /// fingerprint (SHA-256, as Elasticsearch's security auto-configuration prints it), a CA PEM
    /// file, or nothing checked at all. Remembers the last certificate it refused, so the error can
    /// show the fingerprint it saw.
    /// </summary>
    internal sealed class ServerCertificateTrust
    {
        private readonly string? _fingerprint;
        private readonly X509Certificate2Collection? _authorities;
        private readonly bool _skip;
        private SeenCertificate? _lastRejected;

        public ServerCertificateTrust(bool skipCheck, string? fingerprint, string? authorityPath)
        {
            _skip = skipCheck;
            _fingerprint = fingerprint == null ? null : NormalizeFingerprint(fingerprint);
            _authorities = authorityPath == null ? null : LoadPem(authorityPath);
        }

        public SeenCertificate? LastRejected => _lastRejected;

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (_skip) return true;
            if (certificate == null) return Reject(null, chain);
            var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            var elements = ChainOf(leaf, chain);
            if (_fingerprint != null)
                return elements.Any(c => Sha256(c) == _fingerprint) || Reject(leaf, chain);
            if (_authorities != null)
                return ChainsToAuthority(leaf, chain) || Reject(leaf, chain);
            return errors == SslPolicyErrors.None || Reject(leaf, chain);
        }

        private bool Reject(X509Certificate2? leaf, X509Chain? chain)
        {
            if (leaf != null)
            {
                var top = ChainOf(leaf, chain).Last();
                _lastRejected = new SeenCertificate(top.Subject, FormatFingerprint(Sha256(top)));
            }
            return false;
        }

        private bool ChainsToAuthority(X509Certificate2 leaf, X509Chain? presented)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.AddRange(_authorities!);
            if (presented != null)
                foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            if (!chain.Build(leaf)) return false;
            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            return _authorities!.Cast<X509Certificate2>().Any(ca => ca.Thumbprint == root.Thumbprint);
        }

        private static List<X509Certificate2> ChainOf(X509Certificate2 leaf, X509Chain? chain)
        {
            var list = new List<X509Certificate2> { leaf };
            if (chain != null)
                foreach (var element in chain.ChainElements)
                    if (element.Certificate.Thumbprint != leaf.Thumbprint) list.Add(element.Certificate);
            return list;
        }

        internal static string Sha256(X509Certificate2 certificate)
        {
            using var sha = SHA256.Create();
            return string.Concat(sha.ComputeHash(certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        /// <summary>"AB:CD:..." as Elasticsearch and openssl print it.</summary>
        internal static string FormatFingerprint(string hex) =>
            string.Join(":", Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));

        private static string NormalizeFingerprint(string fingerprint)
        {
            var hex = new string(fingerprint.Where(c => c != ':' && !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
            if (hex.Length != 64 || hex.Any(c => !Uri.IsHexDigit(c)))
                throw new ArgumentException(
                    "The certificate fingerprint must be the SHA-256 of the CA certificate: 64 hex digits, colons allowed (for example the value Elasticsearch prints at first start).",
                    nameof(fingerprint));
            return hex;
        }

        private static X509Certificate2Collection LoadPem(string path)
        {
            if (!File.Exists(path))
                throw new ArgumentException($"The CA file '{path}' does not exist. Give the PEM file of the cluster's HTTP CA (config/certs/http_ca.crt on a self-managed 8.x/9.x node).", nameof(path));
            var text = File.ReadAllText(path, Encoding.ASCII);
            const string begin = "-----BEGIN CERTIFICATE-----";
            const string end = "-----END CERTIFICATE-----";
            var collection = new X509Certificate2Collection();
            for (var at = text.IndexOf(begin, StringComparison.Ordinal); at >= 0; at = text.IndexOf(begin, at, StringComparison.Ordinal))
            {
                var stop = text.IndexOf(end, at, StringComparison.Ordinal);
                if (stop < 0) break;
                var base64 = text.Substring(at + begin.Length, stop - at - begin.Length);
                collection.Add(new X509Certificate2(Convert.FromBase64String(base64)));
                at = stop + end.Length;
            }
            if (collection.Count == 0)
                throw new ArgumentException($"The CA file '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).", nameof(path));
            return collection;
        }
    }

    /// <summary>A certificate the server presented: its subject and SHA-256 fingerprint.</summary>
    internal sealed class SeenCertificate
    {
        public SeenCertificate(string subject, string fingerprint)
        {
            Subject = subject;
            Fingerprint = fingerprint;
        }

        public string Subject { get; }
        public string Fingerprint { get; }
    }
}
