using VectorReindex.LocalNode;

LocalNodeOptions options;
try
{
    options = LocalNodeOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"localnode: {ex.Message}");
    return 2;
}

LocalNodeServer started;
try
{
    started = await LocalNodeServer.StartAsync(options);
}
catch (Exception ex) when (ex is LocalNodeStartupException or ArgumentException)
{
    Console.Error.WriteLine($"localnode: {ex.Message}");
    return 2;
}
await using var node = started;
// Warnings only once the node is up, so a start that fails says one line.
foreach (var warning in options.StartupWarnings())
    Console.Error.WriteLine($"localnode: {warning}");
foreach (var notice in node.StartupNotices)
    Console.Error.WriteLine($"localnode: {notice}");
if (node.CaFingerprint != null)
{
    // Worded as Elasticsearch's security auto-configuration prints it, so the same runbooks apply.
    Console.WriteLine("HTTPS is on; clients verify the node against this CA.");
    if (node.CaCertificatePath != null)
        Console.WriteLine($"HTTP CA certificate: {node.CaCertificatePath}");
    Console.WriteLine("HTTP CA certificate SHA-256 fingerprint:");
    Console.WriteLine($"  {node.CaFingerprint}");
}
Console.WriteLine($"localnode listening on {node.Uri} (Elasticsearch {node.PresentedVersion} API){(options.DataPath != null ? $", data in {options.DataPath}" : ", memory only")}");
await node.WaitForShutdownAsync();
return 0;
