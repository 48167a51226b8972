<#
.SYNOPSIS
    The demo's migration: move the alias 'products' to a new, larger embedding model with zero downtime.
.DESCRIPTION
    Runs unchanged against a real cluster: give it the cluster URI (and credentials if needed).
    The demo starts it in a pwsh process of its own (the repository's dotnet tool) against its
    local node, as an operator would, while its live readers and writers keep using the alias.
    With -ReportPath it also saves the report as JSON, for a program that started it.
.EXAMPLE
    ./rolling-reindex.ps1 -Uri https://localhost:9200 -Credential elastic
.EXAMPLE
    ./rolling-reindex.ps1 -Uri http://localhost:9200 -LocalModel MiniLM
.EXAMPLE
    dotnet pwsh -File examples/rolling-reindex.ps1 -Module ./out/VectorReindex/0.1.0/VectorReindex.psd1 -Uri http://localhost:9200
#>
param(
    [Parameter(Mandatory)] [uri] $Uri,
    [pscredential] $Credential,
    [string] $Alias = 'products',
    [int] $Dimensions = 256,
    # A local model (MiniLM, ArcticXs) instead of the hashing model; it sets the dimensions itself.
    [string] $LocalModel,
    [string] $TextField = 'text',
    [double] $MaxDocsPerSecond = 0,
    # The module to import: its name when installed, or the path of its manifest.
    [string] $Module = 'VectorReindex',
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
Import-Module $Module

$connect = @{ Uri = $Uri }
if ($Credential) { $connect.Credential = $Credential }
Connect-VectorCluster @connect | Out-Null

# The new model. Hashing is the offline, deterministic stand-in; -LocalModel runs a real one in
# process (PowerShell 7), or swap in -OpenAI for a hosted one.
$model = if ($LocalModel) { New-VectorEmbedder -Local $LocalModel } else { New-VectorEmbedder -Hashing -Dimensions $Dimensions }

# Shadow index, backfill, delta passes, parity and cutover; rerunning resumes an interrupted run.
$report = Invoke-RollingReindex -Alias $Alias -Embedder $model -TextField $TextField -MaxDocsPerSecond $MaxDocsPerSecond
if ($ReportPath) {
    $report | Select-Object -Property * -ExcludeProperty Migration | ConvertTo-Json -Depth 6 | Set-Content -Path $ReportPath -Encoding utf8
}
$report
