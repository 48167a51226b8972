# Shared by the Pester files: the packaged module's manifest and a throwaway local node.

function Get-RepositoryRoot { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }

function Get-PackagedManifest {
    # The module folder the build laid out: the one the xunit runner names, else the Debug build's.
    if ($env:VECTORREINDEX_MANIFEST) { return $env:VECTORREINDEX_MANIFEST }
    $manifest = Get-ChildItem -Path (Join-Path (Get-RepositoryRoot) 'out/Debug/VectorReindex') -Filter VectorReindex.psd1 -Recurse -ErrorAction SilentlyContinue |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $manifest) { throw "No module under out/Debug/VectorReindex. Run 'dotnet build VectorReindex.sln' first." }
    $manifest.FullName
}

function Get-LocalNodeAssembly {
    if ($env:VECTORREINDEX_LOCALNODE) { return $env:VECTORREINDEX_LOCALNODE }
    $dll = Join-Path (Get-RepositoryRoot) 'src/VectorReindex.LocalNode/bin/Debug/net10.0/VectorReindex.LocalNode.dll'
    if (-not (Test-Path -LiteralPath $dll)) { throw "No local node at $dll. Run 'dotnet build VectorReindex.sln' first." }
    $dll
}

function Start-LocalNode {
    # Starts the built node dll in its own process on a free port and returns { Uri; Version; Process }.
    # The process is the node itself (not a `dotnet run` parent), so Stop-LocalNode's PID is the one to stop.
    # -EsVersion: the version the node presents; by default the node's own (9.2 and later leave vectors out of _source).
    # -ApiKey: the encoded key the node accepts (with or instead of -User); -Port: a port to start on again after Stop-LocalNode.
    param([string] $User, [string] $Password, [string] $EsVersion, [string] $ApiKey, [string] $ClusterName, [int] $Port = 0)
    $arguments = @((Get-LocalNodeAssembly), '--port', $Port)
    if ($EsVersion) { $arguments += @('--es-version', $EsVersion) }
    if ($User) { $arguments += @('--user', $User, '--password', $Password) }
    if ($ApiKey) { $arguments += @('--api-key', $ApiKey) }
    if ($ClusterName) { $arguments += @('--cluster-name', $ClusterName) }
    $log = [System.IO.Path]::GetTempFileName()
    $dotnet = if ($env:DOTNET_HOST_PATH) { $env:DOTNET_HOST_PATH } else { 'dotnet' }
    $process = Start-Process -FilePath $dotnet -ArgumentList $arguments -PassThru -RedirectStandardOutput $log
    if ($env:VECTORREINDEX_NODE_LOG) {
        Add-Content -LiteralPath $env:VECTORREINDEX_NODE_LOG -Value "$($process.Id) $($process.StartTime.ToUniversalTime().Ticks)"
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        $line = Get-Content -LiteralPath $log -TotalCount 1 -ErrorAction SilentlyContinue
        if ($line -match 'listening on (http\S+)') {
            $uri = $Matches[1]
            if (-not $uri.EndsWith('/')) { $uri += '/' }
            $version = if ($line -match '\(Elasticsearch (\S+) API\)') { $Matches[1] } else { $null }
            return [pscustomobject]@{ Uri = $uri; Version = $version; Process = $process; Log = $log }
        }
        Start-Sleep -Milliseconds 100
    }
    if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
    throw "The local node did not start within 60 s: $(Get-Content -Raw -LiteralPath $log)"
}

function Stop-LocalNode {
    # Stops the node by PID and waits until it is gone; a node that will not exit fails the caller.
    param($Node)
    if (-not $Node) { return }
    if (-not $Node.Process.HasExited) {
        Stop-Process -Id $Node.Process.Id -Force
        if (-not $Node.Process.WaitForExit(10000)) { throw "Local node process $($Node.Process.Id) did not exit within 10 s." }
    }
    Remove-Item -LiteralPath $Node.Log -ErrorAction SilentlyContinue
}

function Invoke-FreshPwsh {
    # Runs $Command in a new process of this same pwsh (no profile), with extra environment variables
    # (a $null value removes the variable); returns { ExitCode; Output } with stdout and stderr as one text.
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{})
    $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -ne 'pwsh') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) # the .NET tool: dotnet runs pwsh.dll
    }
    foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $start.ArgumentList.Add($a) }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void] $start.Environment.Remove($name) }
        else { $start.Environment[$name] = [string] $Environment[$name] }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout + $stderr.Result }
}

function New-TestVectorIndex {
    # A live index <alias>-v1 behind <alias> with $Count documents (8-dim vectors), as the xunit ClusterSeeder makes it.
    # -Headers: for a node that requires credentials (an Authorization header).
    param([string] $Uri, [string] $Alias, [int] $Count = 50, [hashtable] $Headers = @{})
    $body = @{
        settings = @{ number_of_replicas = 0 }
        mappings = @{ properties = @{ title = @{ type = 'text' }; price = @{ type = 'double' }; embedding = @{ type = 'dense_vector'; dims = 8; similarity = 'cosine' } } }
        aliases  = @{ $Alias = @{ is_write_index = $true } }
    } | ConvertTo-Json -Depth 10
    Invoke-RestMethod -Method Put -Uri "$Uri$Alias-v1" -Body $body -ContentType 'application/json' -Headers $Headers | Out-Null
    $lines = foreach ($n in 0..($Count - 1)) {
        $random = [System.Random]::new($n)
        $vector = 1..8 | ForEach-Object { [math]::Round($random.NextDouble() * 2 - 1, 4) }
        (@{ index = @{ _index = "$Alias-v1"; _id = "doc-$n" } } | ConvertTo-Json -Compress)
        (@{ title = "product number $n"; price = $n; embedding = $vector } | ConvertTo-Json -Compress)
    }
    Invoke-RestMethod -Method Post -Uri "${Uri}_bulk?refresh=true" -Body (($lines -join "`n") + "`n") -ContentType 'application/x-ndjson' -Headers $Headers | Out-Null
}

function Get-TestCount {
    param([string] $Uri, [string] $Index, [hashtable] $Headers = @{})
    Invoke-RestMethod -Method Post -Uri "$Uri$Index/_refresh" -Headers $Headers | Out-Null
    (Invoke-RestMethod -Method Post -Uri "$Uri$Index/_count" -Headers $Headers).count
}

Export-ModuleMember -Function Get-PackagedManifest, Get-LocalNodeAssembly, Invoke-FreshPwsh, Start-LocalNode, Stop-LocalNode, New-TestVectorIndex, Get-TestCount
