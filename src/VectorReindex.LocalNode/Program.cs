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

LocalNodeServer node;
try
{
    node = await LocalNodeServer.StartAsync(options);
}
catch (LocalNodeStartupException ex)
{
    Console.Error.WriteLine($"localnode: {ex.Message}");
    return 2;
}
await using (node)
{
    foreach (var notice in node.StartupNotices)
        Console.Error.WriteLine($"localnode: {notice}");
    Console.WriteLine($"localnode listening on {node.Uri} (Elasticsearch {LocalNodeServer.PresentedVersion} API){(options.DataPath != null ? $", data in {options.DataPath}" : ", memory only")}");
    await node.WaitForShutdownAsync();
}
return 0;
