using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Faults;

namespace VectorReindex.LocalNode;

/// <summary>How a local node starts: where it listens, whether it persists, whether it asks for credentials.</summary>
public sealed class LocalNodeOptions
{
    /// <summary>Address to bind; loopback unless the operator says otherwise.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 9200;

    /// <summary>Data directory for the write-ahead log and snapshots; null keeps everything in memory.</summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// Start even when the data directory is damaged: drop each damaged file from the damage on (keeping
    /// a copy), fall back to the newest complete snapshot when the checkpoint is unreadable, and report
    /// what was dropped. Without it, damage stops the start with a message saying where it is.
    /// </summary>
    public bool Recover { get; set; }

    /// <summary>With <see cref="Password"/>, turns on basic authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>An accepted API key (the encoded form sent after "ApiKey ").</summary>
    public string? ApiKey { get; set; }

    /// <summary>The newest Elasticsearch version the node implements, presented when none is given.</summary>
    public const string DefaultEsVersion = Compatibility.VersionProfile.DefaultVersionText;

    /// <summary>
    /// The Elasticsearch version to present ("X.Y.Z"): what GET / reports and how the node behaves
    /// (media types, defaults, parameters). One of 8.17.0, 8.18.0, 8.19.0, 9.0.0, 9.1.0, 9.2.0, 9.3.0, 9.4.0.
    /// </summary>
    public string EsVersion { get; set; } = DefaultEsVersion;

    public string NodeName { get; set; } = "localnode-1";

    public string ClusterName { get; set; } = "vectorreindex-local";

    /// <summary>
    /// As Elasticsearch's action.destructive_requires_name (true by default since 8.0): refuse deleting
    /// indices by wildcard or _all. Elasticsearch's own REST test clusters run with it false.
    /// </summary>
    public bool DestructiveRequiresName { get; set; } = true;

    /// <summary>Faults to inject from the start (also settable at run time through /_localnode/faults).</summary>
    public FaultSettings? Faults { get; set; }

    /// <summary>
    /// Serve HTTPS. Without <see cref="TlsCertificatePath"/> the node generates a CA and a node certificate
    /// into the data directory's certs/ folder (kept across restarts) or, memory-only, for this run.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>The node certificate to serve (PEM with <see cref="TlsKeyPath"/>, or a PKCS#12 file).</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/> (not needed for PKCS#12).</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>
    /// Compress responses when Accept-Encoding asks (http.compression): on by default, off by default
    /// with TLS, as in Elasticsearch.
    /// </summary>
    public bool? HttpCompressionSetting { get; set; }

    public bool HttpCompression => HttpCompressionSetting ?? !Tls;

    /// <summary>Largest accepted request body (http.max_content_length, 100 MB); larger ones get 413.</summary>
    public long MaxContentLength { get; set; } = 100L * 1024 * 1024;

    /// <summary>The address <see cref="Host"/> names: an IP address, or localhost for 127.0.0.1.</summary>
    public System.Net.IPAddress ListenAddress
        => Host == "localhost" ? System.Net.IPAddress.Loopback
            : System.Net.IPAddress.TryParse(Host, out var address) && Host.Trim().Length == Host.Length && (Host.Contains(':') || Host.Count(c => c == '.') == 3)
                ? address
                : throw new ArgumentException($"--host '{Host}' is not an IP address; give one such as 127.0.0.1, 0.0.0.0 or ::1, or localhost.");

    /// <summary>How long a request body may stop arriving (no byte at all) before the request ends with 408.</summary>
    public TimeSpan RequestBodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool AuthenticationEnabled => (User != null && Password != null) || ApiKey != null;

    /// <summary>True when the password came from argv, which every local user can read.</summary>
    public bool PasswordFromCommandLine { get; private set; }

    /// <summary>Reads command-line options and the credential environment variables (see <see cref="Parse(string[], Func{string, string?})"/>).</summary>
    public static LocalNodeOptions Parse(string[] args) => Parse(args, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads command-line options (--port, --host, --data, --recover, --es-version, --user, --password, --password-file,
    /// --api-key, --api-key-file, --tls, --tls-cert, --tls-key, --http-compression, --node-name,
    /// --cluster-name, --destructive-requires-name, --faults) and, where the command line gives none,
    /// credentials from LOCALNODE_USER, LOCALNODE_PASSWORD (or ELASTIC_PASSWORD, as Elasticsearch's
    /// Docker image takes it) and LOCALNODE_API_KEY. A password without a user is the "elastic" user's.
    /// </summary>
    public static LocalNodeOptions Parse(string[] args, Func<string, string?> environment)
    {
        var options = new LocalNodeOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length
                ? args[++i]
                : throw new ArgumentException($"Option '{args[i]}' needs a value, for example '{args[i]} 9200'.");
            switch (args[i])
            {
                case "--port":
                    var port = Value();
                    options.Port = int.TryParse(port, out var p) && p is >= 0 and <= 65535
                        ? p
                        : throw new ArgumentException($"--port '{port}' is not a port number; give 0 to 65535 (0 picks a free port).");
                    break;
                case "--host":
                    options.Host = Value();
                    _ = options.ListenAddress;
                    break;
                case "--data": options.DataPath = Value(); break;
                case "--recover": options.Recover = true; break;
                case "--user": options.User = Value(); break;
                case "--password":
                    options.Password = Value();
                    options.PasswordFromCommandLine = true;
                    break;
                case "--password-file": options.Password = ReadSecretFile(Value(), "--password-file"); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--api-key-file": options.ApiKey = ReadSecretFile(Value(), "--api-key-file"); break;
                case "--tls": options.Tls = true; break;
                case "--tls-cert":
                    options.TlsCertificatePath = Value();
                    options.Tls = true;
                    break;
                case "--tls-key": options.TlsKeyPath = Value(); break;
                case "--http-compression": options.HttpCompressionSetting = ParseBool(Value(), "--http-compression"); break;
                case "--node-name": options.NodeName = Value(); break;
                case "--es-version":
                    options.EsVersion = Value();
                    Compatibility.VersionProfile.For(options.EsVersion);
                    break;
                case "--cluster-name": options.ClusterName = Value(); break;
                case "--destructive-requires-name": options.DestructiveRequiresName = ParseBool(Value(), "--destructive-requires-name"); break;
                case "--faults": options.Faults = FaultSettings.Parse(Value()); break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'. Known: --port, --host, --data, --recover, --es-version, --user, --password, --password-file, --api-key, --api-key-file, --tls, --tls-cert, --tls-key, --http-compression, --node-name, --cluster-name, --destructive-requires-name, --faults.");
            }
        }
        options.User ??= NonEmpty(environment("LOCALNODE_USER"));
        options.Password ??= NonEmpty(environment("LOCALNODE_PASSWORD")) ?? NonEmpty(environment("ELASTIC_PASSWORD"));
        options.ApiKey ??= NonEmpty(environment("LOCALNODE_API_KEY"));
        if (options.Password != null)
            options.User ??= "elastic";
        if (options.User != null && options.Password == null)
            throw new ArgumentException("--user needs a password: give --password-file FILE (or LOCALNODE_PASSWORD) to turn on basic authentication, or drop --user.");
        if (options.TlsKeyPath != null && options.TlsCertificatePath == null)
            throw new ArgumentException("--tls-key needs --tls-cert: give the certificate the key belongs to.");
        return options;
    }

    /// <summary>What the operator should hear before the node serves: credentials on argv, an open port without auth.</summary>
    public IEnumerable<string> StartupWarnings()
    {
        if (PasswordFromCommandLine)
            yield return "warning: --password is readable by every local user (process list); prefer --password-file FILE or LOCALNODE_PASSWORD.";
        if (!AuthenticationEnabled && !IsLoopback(Host))
            yield return $"warning: listening on {Host}, reachable from other machines, without authentication; give --password-file FILE (or LOCALNODE_PASSWORD) or --api-key-file FILE.";
    }

    internal static bool IsLoopback(string host)
        => host == "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static bool ParseBool(string value, string option) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{option} '{value}' must be true or false."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string ReadSecretFile(string path, string option)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} '{path}' cannot be read ({ex.Message}); give a readable file holding the secret on its first line.");
        }
        var secret = text.Split('\n')[0].TrimEnd('\r');
        return secret.Length > 0
            ? secret
            : throw new ArgumentException($"{option} '{path}' is empty; put the secret on its first line.");
    }
}
