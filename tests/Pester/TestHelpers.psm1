# Shared by the Pester files: the packaged module's manifest and a throwaway local node.

function Get-PackagedManifest {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $manifest = Get-ChildItem -Path (Join-Path $root 'out/VectorReindex') -Filter VectorReindex.psd1 -Recurse |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $manifest) { throw "No packaged module under out/VectorReindex. Run ./build.ps1 -Task Package first." }
    $manifest.FullName
}

function Start-LocalNode {
    param([string] $User, [string] $Password)
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    # Pinned to 8.17.0: the module copies vectors from _source, which 9.2+ leaves out by default;
    # issue 11 (per-version capabilities in Core) unpins this.
    $arguments = @('run', '--project', (Join-Path $root 'src/VectorReindex.LocalNode'), '--', '--port', $port, '--es-version', '8.17.0')
    if ($User) { $arguments += @('--user', $User, '--password', $Password) }
    $process = Start-Process -FilePath dotnet -ArgumentList $arguments -PassThru -RedirectStandardOutput ([System.IO.Path]::GetTempFileName())
    $uri = "http://127.0.0.1:$port/"
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ([DateTime]::UtcNow -lt $deadline) {
        try {
            $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port); $client.Dispose()
            return [pscustomobject]@{ Uri = $uri; Process = $process }
        }
        catch { Start-Sleep -Milliseconds 250 }
    }
    Stop-Process -Id $process.Id -Force
    throw "The local node did not start on port $port within 120 s."
}

function Stop-LocalNode {
    param($Node)
    if ($Node -and -not $Node.Process.HasExited) { Stop-Process -Id $Node.Process.Id -Force }
}

function New-TestVectorIndex {
    # A live index <alias>-v1 behind <alias> with $Count documents (8-dim vectors), as the xunit ClusterSeeder makes it.
    param([string] $Uri, [string] $Alias, [int] $Count = 50)
    $body = @{
        settings = @{ number_of_replicas = 0 }
        mappings = @{ properties = @{ title = @{ type = 'text' }; price = @{ type = 'double' }; embedding = @{ type = 'dense_vector'; dims = 8; similarity = 'cosine' } } }
        aliases  = @{ $Alias = @{ is_write_index = $true } }
    } | ConvertTo-Json -Depth 10
    Invoke-RestMethod -Method Put -Uri "$Uri$Alias-v1" -Body $body -ContentType 'application/json' | Out-Null
    $lines = foreach ($n in 0..($Count - 1)) {
        $random = [System.Random]::new($n)
        $vector = 1..8 | ForEach-Object { [math]::Round($random.NextDouble() * 2 - 1, 4) }
        (@{ index = @{ _index = "$Alias-v1"; _id = "doc-$n" } } | ConvertTo-Json -Compress)
        (@{ title = "product number $n"; price = $n; embedding = $vector } | ConvertTo-Json -Compress)
    }
    Invoke-RestMethod -Method Post -Uri "${Uri}_bulk?refresh=true" -Body (($lines -join "`n") + "`n") -ContentType 'application/x-ndjson' | Out-Null
}

function Get-TestCount {
    param([string] $Uri, [string] $Index)
    Invoke-RestMethod -Method Post -Uri "$Uri$Index/_refresh" | Out-Null
    (Invoke-RestMethod -Method Post -Uri "$Uri$Index/_count").count
}

Export-ModuleMember -Function Get-PackagedManifest, Start-LocalNode, Stop-LocalNode, New-TestVectorIndex, Get-TestCount
