<#
.SYNOPSIS
    The demo's migration: move the alias 'products' to a new, larger embedding model with zero downtime.
.DESCRIPTION
    Runs unchanged against a real cluster: give it the cluster URI (and credentials if needed).
    The demo host runs it in a hosted runspace with the module imported, while live readers and
    writers keep using the alias. Uses no Utility cmdlets, so it runs in a minimal runspace too.
.EXAMPLE
    ./rolling-reindex.ps1 -Uri https://localhost:9200 -Credential elastic
#>
param(
    [Parameter(Mandatory)] [uri] $Uri,
    [pscredential] $Credential,
    [string] $Alias = 'products',
    [int] $Dimensions = 256,
    [string] $TextField = 'text',
    [double] $MaxDocsPerSecond = 0
)

$connect = @{ Uri = $Uri }
if ($Credential) { $connect.Credential = $Credential }
Connect-VectorCluster @connect | Out-Null

# The new model. Hashing is the offline, deterministic stand-in; swap in -OpenAI for a real model.
$model = New-VectorEmbedder -Hashing -Dimensions $Dimensions

# Shadow index, backfill, delta passes, parity and cutover; rerunning resumes an interrupted run.
Invoke-RollingReindex -Alias $Alias -Embedder $model -TextField $TextField -MaxDocsPerSecond $MaxDocsPerSecond
