#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Tab completion as an operator meets it: TabExpansion2 in real pwsh against a live node.
# -VectorField offers the dense_vector fields and -TextField the text and keyword fields of the
# index or alias named on the command line, read from its mapping; never file names.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode -ClusterName catalog-cluster
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
    $body = @{
        mappings = @{ properties = @{
            title = @{ type = 'text'; fields = @{ raw = @{ type = 'keyword' } } }
            sku = @{ type = 'keyword' }
            price = @{ type = 'double' }
            updated_at = @{ type = 'date' }
            details_seen = @{ type = 'date_nanos' }
            embedding = @{ type = 'dense_vector'; dims = 4 }
            details = @{ properties = @{ summary = @{ type = 'text' }; image_vector = @{ type = 'dense_vector'; dims = 4 } } }
        } }
        aliases = @{ catalog = @{ is_write_index = $true } }
    } | ConvertTo-Json -Depth 10
    Invoke-RestMethod -Method Put -Uri "$($script:node.Uri)catalog-v1" -Body $body -ContentType 'application/json' | Out-Null
    # A file whose name a file-name completer would offer, in the folder completion runs from.
    $script:folder = Join-Path ([System.IO.Path]::GetTempPath()) "completion-$([guid]::NewGuid())"
    New-Item -ItemType Directory -Path $script:folder | Out-Null
    New-Item -ItemType File -Path (Join-Path $script:folder 'embedding-notes.txt') | Out-Null
    Push-Location $script:folder

    function Complete([string] $line) {
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    Pop-Location
    Remove-Item $script:folder -Recurse -Force
    Stop-LocalNode $script:node
}

Describe 'Field name completion' {
    It '-VectorField of <Command> offers the dense_vector fields of <Line>' -ForEach @(
        @{ Command = 'New-ShadowIndex'; Line = 'New-ShadowIndex -Alias catalog -VectorField ' }
        @{ Command = 'Invoke-RollingReindex'; Line = 'Invoke-RollingReindex -Alias catalog -VectorField ' }
        @{ Command = 'Start-Backfill'; Line = 'Start-Backfill -Source catalog-v1 -Target x -VectorField ' }
        @{ Command = 'Write-VectorDocument'; Line = 'Write-VectorDocument -Index catalog -VectorField ' }
    ) {
        Complete $Line | Should -Be @('details.image_vector', 'embedding')
    }

    It '-TextField of <Command> offers the text and keyword fields, not multi-fields' -ForEach @(
        @{ Command = 'New-ShadowIndex'; Line = 'New-ShadowIndex -Alias catalog -TextField ' }
        @{ Command = 'Invoke-RollingReindex'; Line = 'Invoke-RollingReindex catalog -TextField ' }
        @{ Command = 'Start-Backfill'; Line = 'Start-Backfill -Source catalog-v1 -Target x -TextField ' }
        @{ Command = 'Write-VectorDocument'; Line = 'Write-VectorDocument catalog -TextField ' }
    ) {
        Complete $Line | Should -Be @('details.summary', 'sku', 'title')
    }

    It '-TimestampField of <Command> offers the date and date_nanos fields' -ForEach @(
        @{ Command = 'Sync-Delta'; Line = 'Sync-Delta -Source catalog-v1 -Target x -TimestampField ' }
        @{ Command = 'Invoke-RollingReindex'; Line = 'Invoke-RollingReindex -Alias catalog -TimestampField ' }
    ) {
        Complete $Line | Should -Be @('details_seen', 'updated_at')
    }

    It 'filters by what is typed so far' {
        Complete 'New-ShadowIndex -Alias catalog -TextField ti' | Should -Be @('title')
        Complete 'New-ShadowIndex -Alias catalog -VectorField emb' | Should -Be @('embedding')
    }

    It 'offers no file names when the index is not named yet or does not exist' {
        Complete 'New-ShadowIndex -VectorField emb' | Should -Not -Match 'embedding-notes'
        Complete 'New-ShadowIndex -Alias nosuch -TextField emb' | Should -Not -Match 'embedding-notes'
        Complete 'New-VectorIndex -Alias brand-new -VectorField emb' | Should -Not -Match 'embedding-notes'
    }
}

Describe 'Parameter completion of the cutover guard and restart switches' {
    It 'completes <Line> to <Expected>' -ForEach @(
        @{ Line = 'Switch-IndexAlias -Alias catalog -To catalog-v1 -Catch'; Expected = '-CatchUp' }
        @{ Line = 'Switch-IndexAlias -Alias catalog -To catalog-v1 -AllowMo'; Expected = '-AllowModelChange' }
        @{ Line = 'Switch-IndexAlias -Alias catalog -To catalog-v1 -Embed'; Expected = '-Embedder' }
        @{ Line = 'Invoke-RollingReindex -Alias catalog -Resta'; Expected = '-Restart' }
    ) {
        Complete $Line | Should -Be @($Expected)
    }

    It '-Alias of Complete-VectorMigration offers the aliases of the session default' {
        Complete 'Complete-VectorMigration -Alias cat' | Should -Be @('catalog')
    }

    It 'completes Switch-IndexAlias -RollB to -RollBack' {
        Complete 'Get-VectorMigration | Switch-IndexAlias -RollB' | Should -Be @('-RollBack')
    }

    It 'completes -To of a catch-up with the index names the cluster has' {
        Complete 'Switch-IndexAlias -Alias catalog -CatchUp -To catalog-' | Should -Be @('catalog-v1')
    }
}

Describe 'Alias completion across clusters' {
    BeforeAll {
        $script:other = Start-LocalNode -EsVersion 9.2.0 -ClusterName other-cluster
        # A session default stays on the first node; the second is only named on the command line.
        $global:otherCluster = Connect-VectorCluster -Uri $script:other.Uri
        Connect-VectorCluster -Uri $script:node.Uri | Out-Null
        $mapping = @{ mappings = @{ properties = @{ embedding = @{ type = 'dense_vector'; dims = 4 } } }; aliases = @{ elsewhere = @{} } } | ConvertTo-Json -Depth 10
        Invoke-RestMethod -Method Put -Uri "$($script:other.Uri)elsewhere-v1" -Body $mapping -ContentType 'application/json' | Out-Null
    }

    AfterAll {
        Remove-Variable -Name otherCluster -Scope Global
        Stop-LocalNode $script:other
    }

    It '-TargetAlias of New-ShadowIndex offers the aliases of -TargetCluster' {
        Complete 'New-ShadowIndex -Alias catalog -TargetCluster $otherCluster -TargetAlias ' | Should -Be @('elsewhere')
    }

    It '-Alias of New-ShadowIndex offers the aliases of -SourceCluster, else of the session default' {
        Complete 'New-ShadowIndex -SourceCluster $otherCluster -Alias ' | Should -Be @('elsewhere')
        Complete 'New-ShadowIndex -TargetCluster $otherCluster -Alias ' | Should -Be @('catalog')
    }

    It '-Cluster, -SourceCluster and -TargetCluster offer the connected clusters by name' {
        Complete 'Sync-Delta -Cluster ' | Sort-Object | Should -Be @('catalog-cluster', 'other-cluster')
        Complete 'New-ShadowIndex -Alias catalog -TargetCluster oth' | Should -Be @('other-cluster')
        Complete 'Disconnect-VectorCluster -Cluster cat' | Should -Be @('catalog-cluster')
        Complete 'New-ShadowIndex -SourceCluster other-cluster -Alias ' | Should -Be @('elsewhere') -Because 'a cluster named on the line is the one names are completed from'
    }

    It 'takes a connected cluster by its name, and refuses a name it is not connected to' {
        { New-ShadowIndex -Alias elsewhere -SourceCluster other-cluster -WhatIf -ErrorAction Stop } | Should -Not -Throw
        $err = { New-ShadowIndex -Alias elsewhere -WhatIf -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'AliasNotFound,VectorReindex.PowerShell.Commands.NewShadowIndexCommand' -Because 'the session default does not have it'
        $err = { Get-VectorMigration -Cluster nosuch-cluster -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,VectorReindex.PowerShell.Commands.GetVectorMigrationCommand'
        $err.Exception.Message | Should -Match "no open connection to a cluster named 'nosuch-cluster'"
    }
}
