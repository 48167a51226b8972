using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Reindex;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.Tasks;
using Elastic.Clients.Elasticsearch.Requests;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;

namespace VectorReindex.LocalNode.ClientTests;

/// <summary>
/// A migration as an application would run it with the official client: an aliased index, bulk and
/// BulkAll loads, kNN through the alias, a sliced point-in-time scan, versioned copies, an async
/// reindex polled through tasks, the alias swap, then reads and settings on the new index. Every
/// request carries <paramref name="configuration"/> (null: the client's defaults).
/// </summary>
internal sealed class MigrationScenario
{
    private const string Alias = "products";
    private const string Old = "products-v1";
    private const string New = "products-v2";
    private const int Bulked = 20;
    private const int BulkAlled = 180;
    private const int Total = Bulked + BulkAlled;

    private readonly ElasticsearchClient _client;
    private readonly IRequestConfiguration? _configuration;

    public MigrationScenario(ElasticsearchClient client, IRequestConfiguration? configuration)
    {
        _client = client;
        _configuration = configuration;
    }

    /// <summary>The steps that passed, in order; an assertion stops the run at the first that fails.</summary>
    public List<string> Passed { get; } = new();

    private T With<T>(T request) where T : Request
    {
        if (_configuration != null)
            request.RequestConfiguration = _configuration;
        return request;
    }

    private static void Valid(ElasticsearchResponse response, string step)
        => Assert.True(response.IsValidResponse, $"{step}: {response.DebugInformation}");

    private static TypeMapping Mapping(string indexOptions) => new()
    {
        Properties = new Properties
        {
            { "sku", new KeywordProperty() },
            { "name", new TextProperty() },
            { "price", new DoubleNumberProperty() },
            { "embedding", new DenseVectorProperty { Dims = 4, Similarity = DenseVectorSimilarity.Cosine, IndexOptions = new DenseVectorIndexOptions { Type = indexOptions == "hnsw" ? DenseVectorIndexOptionsType.Hnsw : DenseVectorIndexOptionsType.Int8Hnsw } } },
        },
    };

    public async Task RunAsync(bool vectorsLeftOutOfSource)
    {
        var health = await _client.Cluster.HealthAsync(With(new HealthRequest()));
        Valid(health, "health");
        Assert.NotEqual(HealthStatus.Red, health.Status);
        Passed.Add("health");

        var created = await _client.Indices.CreateAsync(With(new CreateIndexRequest(Old)
        {
            Settings = new IndexSettings { NumberOfShards = 1, NumberOfReplicas = 0 },
            Mappings = Mapping("hnsw"),
            Aliases = new Dictionary<Name, Alias> { [Alias] = new Alias { IsWriteIndex = true } },
        }));
        Valid(created, "create with alias");
        Assert.True(created.Acknowledged);
        Passed.Add("create with alias");

        var operations = new BulkOperationsCollection();
        foreach (var product in Enumerable.Range(0, Bulked).Select(Product.Numbered))
            operations.Add(new BulkIndexOperation<Product>(product) { Id = product.Sku });
        var bulk = await _client.BulkAsync(With(new BulkRequest(Alias) { Operations = operations, Refresh = Refresh.True }));
        Valid(bulk, "bulk");
        Assert.False(bulk.Errors);
        Assert.All(bulk.Items, item => Assert.Equal(Old, item.Index));
        Passed.Add("bulk");

        var bulkAll = new BulkAllRequest<Product>(Enumerable.Range(Bulked, BulkAlled).Select(Product.Numbered))
        {
            Index = Alias,
            Size = 50,
            BackOffRetries = 2,
            BackOffTime = "1s",
            // The client's own refresh request would not carry the request configuration: refreshed below instead.
            RefreshOnCompleted = _configuration == null,
            BufferToBulk = (descriptor, buffer) =>
            {
                foreach (var product in buffer)
                    descriptor.Index(product, o => o.Id(product.Sku));
                if (_configuration != null)
                    descriptor.RequestConfiguration(_configuration);
            },
        };
        var pages = 0;
        _client.BulkAll(bulkAll, CancellationToken.None).Wait(TimeSpan.FromMinutes(2), _ => pages++);
        Assert.Equal(4, pages);
        if (_configuration != null)
            Valid(await _client.Indices.RefreshAsync(With(new RefreshRequest(Alias))), "refresh");
        var count = await _client.CountAsync(With(new CountRequest(Alias)));
        Valid(count, "count");
        Assert.Equal(Total, count.Count);
        Passed.Add("bulk all");

        var probe = Product.Numbered(137);
        var knn = await _client.SearchAsync<Product>(With(new SearchRequest(Alias)
        {
            Knn = new List<KnnSearch> { new() { Field = "embedding", QueryVector = probe.Embedding!, K = 3, NumCandidates = 50 } },
            Size = 3,
        }));
        Valid(knn, "knn");
        Assert.Equal(3, knn.Hits.Count);
        Assert.Equal(probe.Sku, knn.Hits.First().Id);
        Assert.Equal(Old, knn.Hits.First().Index);
        Passed.Add("knn through alias");

        var pit = await _client.OpenPointInTimeAsync(With(new OpenPointInTimeRequest(Old) { KeepAlive = "1m" }));
        Valid(pit, "open pit");
        var seen = new List<string>();
        for (var slice = 0; slice < 2; slice++)
        {
            ICollection<FieldValue>? after = null;
            while (true)
            {
                var page = await _client.SearchAsync<Product>(With(new SearchRequest
                {
                    Pit = new PointInTimeReference(pit.Id) { KeepAlive = "1m" },
                    Slice = new SlicedScroll(slice, 2),
                    Size = 30,
                    Sort = new List<SortOptions> { new() { Field = new FieldSort(new Field("_shard_doc")) } },
                    SearchAfter = after,
                }));
                Valid(page, "pit page");
                if (page.Hits.Count == 0)
                    break;
                seen.AddRange(page.Hits.Select(h => h.Id!));
                after = page.Hits.Last().Sort!.ToList();
            }
        }
        Assert.Equal(Total, seen.Count);
        Assert.Equal(Total, seen.Distinct().Count());
        var closed = await _client.ClosePointInTimeAsync(With(new ClosePointInTimeRequest { Id = pit.Id }));
        Valid(closed, "close pit");
        Assert.True(closed.Succeeded);
        Passed.Add("sliced pit with search_after");

        var target = await _client.Indices.CreateAsync(With(new CreateIndexRequest(New)
        {
            Settings = new IndexSettings { NumberOfShards = 1, NumberOfReplicas = 0, RefreshInterval = "-1" },
            Mappings = Mapping("int8_hnsw"),
        }));
        Valid(target, "create target");
        var newer = Product.Numbered(1);
        newer.Name = "written by the application during the copy";
        var first = await _client.IndexAsync(With(new IndexRequest<Product>(newer, New, newer.Sku) { Version = 5, VersionType = VersionType.ExternalGte }));
        Valid(first, "external_gte write");
        Assert.Equal(5, first.Version);
        var same = await _client.IndexAsync(With(new IndexRequest<Product>(newer, New, newer.Sku) { Version = 5, VersionType = VersionType.ExternalGte }));
        Valid(same, "external_gte same version");
        var stale = await _client.IndexAsync(With(new IndexRequest<Product>(Product.Numbered(1), New, newer.Sku) { Version = 4, VersionType = VersionType.ExternalGte }));
        Assert.False(stale.IsValidResponse);
        Assert.Equal(409, stale.ApiCallDetails.HttpStatusCode);
        Assert.Equal("version_conflict_engine_exception", stale.ElasticsearchServerError?.Error?.Type);
        Passed.Add("external_gte versions");

        var reindex = await _client.ReindexAsync(With(new ReindexRequest
        {
            Source = new Source { Indices = Old },
            Dest = new Destination { Index = New, VersionType = VersionType.External },
            Conflicts = Conflicts.Proceed,
            WaitForCompletion = false,
        }));
        Valid(reindex, "reindex");
        Assert.NotNull(reindex.Task);
        GetTasksResponse task;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        do
        {
            task = await _client.Tasks.GetAsync(With(new GetTasksRequest(reindex.Task!.ToString())));
            Valid(task, "task");
            if (!task.Completed)
                await Task.Delay(50);
        }
        while (!task.Completed && DateTime.UtcNow < deadline);
        Assert.True(task.Completed);
        Assert.Null(task.Error);
        Valid(await _client.Indices.RefreshAsync(With(new RefreshRequest(New))), "refresh target");
        var copied = await _client.CountAsync(With(new CountRequest(New)));
        Assert.Equal(Total, copied.Count);
        Passed.Add("async reindex polled through tasks");

        var swap = await _client.Indices.UpdateAliasesAsync(With(new UpdateAliasesRequest
        {
            Actions = new List<IndexUpdateAliasesAction>
            {
                new() { Remove = new RemoveAction { Index = Old, Alias = Alias } },
                new() { Add = new AddAction { Index = New, Alias = Alias, IsWriteIndex = true } },
            },
        }));
        Valid(swap, "alias swap");
        var aliases = await _client.Indices.GetAliasAsync(With(new GetAliasRequest((Names)Alias)));
        Valid(aliases, "get alias");
        Assert.Equal(new[] { New }, aliases.Aliases!.Keys.Select(k => k.ToString()));
        Passed.Add("alias swap");

        var update = await _client.UpdateAsync<Product, object>(With(new UpdateRequest<Product, object>(Alias, "p-2") { Doc = new { price = 99.5 } }));
        Valid(update, "partial update");
        Assert.Equal(Result.Updated, update.Result);
        Assert.Equal(New, update.Index);
        var mget = await _client.MultiGetAsync<Product>(With(new MultiGetRequest(Alias) { Ids = new Ids(new[] { "p-1", "p-2" }) }));
        Valid(mget, "mget");
        var docs = mget.Docs.Select(d => d.Match(found => found, error => throw new Xunit.Sdk.XunitException("mget item failed: " + error?.Error?.Reason))!).ToList();
        Assert.All(docs, d => Assert.True(d!.Found));
        Assert.Equal("written by the application during the copy", docs[0]!.Source!.Name);
        Assert.Equal(5, docs[0]!.Version);
        Assert.Equal(99.5, docs[1]!.Source!.Price);
        Assert.Equal(vectorsLeftOutOfSource, docs[1]!.Source!.Embedding == null);
        Passed.Add("partial update and mget");

        var mapping = await _client.Indices.GetMappingAsync(With(new GetMappingRequest(New)));
        Valid(mapping, "get mapping");
        var embedding = Assert.IsType<DenseVectorProperty>(mapping.Mappings[New].Mappings!.Properties!["embedding"]);
        Assert.Equal(4, embedding.Dims);
        var put = await _client.Indices.PutSettingsAsync(With(new PutIndicesSettingsRequest(New, new IndexSettings { RefreshInterval = "1s", NumberOfReplicas = 0 })));
        Valid(put, "put settings");
        var settings = await _client.Indices.GetSettingsAsync(With(new GetIndicesSettingsRequest((Indices)New)));
        Valid(settings, "get settings");
        var indexSettings = settings.Settings[New].Settings;
        Assert.Equal("1s", (indexSettings?.Index?.RefreshInterval ?? indexSettings?.RefreshInterval)?.ToString());
        Passed.Add("mapping and settings");

        var final = await _client.Cluster.HealthAsync(With(new HealthRequest(New) { WaitForStatus = HealthStatus.Green, Timeout = "5s" }));
        Valid(final, "health of the new index");
        Assert.Equal(HealthStatus.Green, final.Status);
        Passed.Add("health of the new index");
    }
}
