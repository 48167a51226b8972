using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>The reserved admin path for fault injection: GET, PUT and DELETE /_localnode/faults.</summary>
internal sealed class FaultHandlers
{
    private readonly LocalNodeEngine _engine;

    public FaultHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("GET", "/_localnode/faults", "", _ => RestResponse.Ok(_engine.Faults.Settings.ToJson()));
        router.Add("PUT,POST", "/_localnode/faults", "", r =>
        {
            _engine.Faults.Settings = FaultSettings.FromJson(RequestBody.ParseObject(r));
            return RestResponse.Ok(_engine.Faults.Settings.ToJson());
        });
        router.Add("DELETE", "/_localnode/faults", "", _ =>
        {
            _engine.Faults.Settings = FaultSettings.None;
            return RestResponse.Acknowledged();
        });
    }
}
