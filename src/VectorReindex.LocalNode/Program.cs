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

await using var node = await LocalNodeServer.StartAsync(options);
Console.WriteLine($"localnode listening on {node.Uri} (Elasticsearch {LocalNodeServer.PresentedVersion} API){(options.DataPath != null ? $", data in {options.DataPath}" : ", memory only")}");
await node.WaitForShutdownAsync();
return 0;
