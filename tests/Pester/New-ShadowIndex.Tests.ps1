#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/ShadowIndexTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'New-ShadowIndex' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias shadow }

    It 'creates <alias>-v2 with the new index options, loading settings and the migration in _meta' {
        $m = New-ShadowIndex -Alias shadow -IndexOptions @{ type = 'int8_hnsw'; m = 24; ef_construction = 120; confidence_interval = 0.9 }
        $m.Target | Should -Be 'shadow-v2'
        $index = (Invoke-RestMethod "$($script:node.Uri)shadow-v2").'shadow-v2'
        $index.mappings.properties.embedding.index_options.type | Should -Be 'int8_hnsw'
        # The recorded index_options read with dot access, as the dense_vector docs name them.
        $m.IndexOptions.type | Should -BeExactly 'int8_hnsw'
        $m.IndexOptions.m | Should -Be 24
        $m.IndexOptions.EfConstruction | Should -Be 120
        $m.IndexOptions.ConfidenceInterval | Should -Be 0.9
        $m.IndexOptions.RescoreVector | Should -BeNullOrEmpty -Because 'none was given'
        (Get-VectorMigration -Alias shadow).IndexOptions.Type | Should -BeExactly 'int8_hnsw'
        $index.settings.index.refresh_interval | Should -Be '-1'
        (Get-VectorMigration -Alias shadow).Phase | Should -Be 'Created'
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a missing alias'; Arguments = @{ Alias = 'nosuch' }; Id = 'AliasNotFound' }
        @{ Case = 'an existing target'; Arguments = @{ Alias = 'shadow'; Name = 'shadow-v2' }; Id = 'TargetIndexExists' }
        @{ Case = 'a field that is not a dense_vector'; Arguments = @{ Alias = 'shadow'; VectorField = 'title'; Name = 'x1' }; Id = 'NotADenseVectorField' }
        @{ Case = '0 dimensions'; Arguments = @{ Alias = 'shadow'; Dimensions = 0; Name = 'x2' }; Id = 'InvalidDimensions' }
        @{ Case = '4097 dimensions'; Arguments = @{ Alias = 'shadow'; Dimensions = 4097; Name = 'x3' }; Id = 'InvalidDimensions' }
    ) {
        $err = { New-ShadowIndex @Arguments -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly "$Id,VectorReindex.PowerShell.Commands.NewShadowIndexCommand"
    }

    It 'changes nothing with -WhatIf' {
        New-ShadowIndex -Alias shadow -Name shadow-whatif -WhatIf
        { Invoke-RestMethod "$($script:node.Uri)shadow-whatif" } | Should -Throw
    }
}

Describe 'New-ShadowIndex -TargetCluster' {
    BeforeAll {
        $script:sourceNode = Start-LocalNode -EsVersion 8.17.0
        $script:targetNode = Start-LocalNode -EsVersion 9.2.0
        $script:sourceConnection = Connect-VectorCluster -Uri $script:sourceNode.Uri
        $script:targetConnection = Connect-VectorCluster -Uri $script:targetNode.Uri
        $body = @{
            mappings = @{
                _source    = @{ mode = 'synthetic' }
                properties = @{ title = @{ type = 'text' }; embedding = @{ type = 'dense_vector'; dims = 128; similarity = 'cosine' } }
            }
            aliases  = @{ products = @{ is_write_index = $true } }
        } | ConvertTo-Json -Depth 10
        Invoke-RestMethod -Method Put -Uri "$($script:sourceNode.Uri)products-v1" -Body $body -ContentType 'application/json' | Out-Null
    }

    AfterAll {
        Stop-LocalNode $script:sourceNode
        Stop-LocalNode $script:targetNode
    }

    It 'shows the drift report from 8.17 to 9.2 with -WhatIf, and creates nothing' {
        $run = Invoke-FreshPwsh -Environment @{ MANIFEST = (Get-PackagedManifest); OLD = $script:sourceNode.Uri; NEW = $script:targetNode.Uri } -Command @'
Import-Module $env:MANIFEST
$old = Connect-VectorCluster -Uri $env:OLD
$new = Connect-VectorCluster -Uri $env:NEW
New-ShadowIndex -Alias products -SourceCluster $old -TargetCluster $new -Dimensions 384 -WhatIf
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n"
        $lines | Should -Contain 'Drift from Elasticsearch 8.17.0 (source) to 9.2.0 (target): 4 differences.'
        $lines | Should -Contain '  index_options (embedding): int8_hnsw (the 8.17.0 default for 128 dimensions) -> bbq_hnsw (the 9.2.0 default for 384 dimensions). The source had its version''s default, so the target takes its own. To keep int8_hnsw, give index_options {"type":"int8_hnsw"}.'
        $lines | Should -Contain '  kNN rescoring (embedding): no oversampling -> oversample 3.0x and rescore (the 9.2.0 default for bbq). kNN queries on the target retrieve more candidates and rescore them with the full vectors unless they say otherwise. To turn it off, give index_options with "rescore_vector":{"oversample":0}.'
        ($lines | Where-Object { $_ -like '  source mode: synthetic (mapping _source.mode) -> stored (setting index.mapping.source.mode). Elasticsearch 9.2.0 ignores _source.mode in a mapping*' }) | Should -HaveCount 1
        $lines | Should -Contain '  vectors in _source: stored in _source (the 8.17.0 default) -> left out of _source (the 9.2.0 default). The target''s default stands; the migration asks for vectors back on every read. To keep them in _source as the source does, give the setting index.mapping.exclude_source_vectors: false.'
        ($lines | Where-Object { $_ -like 'What if: Creating index products-v2 on cluster * (Elasticsearch 9.2.0) for alias products (source products-v1 on cluster * (Elasticsearch 8.17.0)). The source index gets a _meta.vectorreindex_target marker naming the target. The source''s index.gc_deletes goes from (default) to 24h until cutover, so deletes stay versioned.' }) | Should -HaveCount 1
        { Invoke-RestMethod "$($script:targetNode.Uri)products-v2" } | Should -Throw
    }

    It 'creates the shadow on the target cluster with its defaults and marks the source index' {
        $m = New-ShadowIndex -Alias products -SourceCluster $script:sourceConnection -TargetCluster $script:targetConnection -Dimensions 384 -TargetAlias products-next
        $m.TargetCluster.Uuid | Should -Be $script:targetConnection.ClusterUuid
        $m.SourceCluster.Uuid | Should -Be $script:sourceConnection.ClusterUuid
        $m.IndexOptions.Type | Should -BeExactly 'bbq_hnsw'
        $m.IndexOptions['type'].ToString() | Should -Be 'bbq_hnsw' -Because 'a recorded key is also read by its JSON name'
        $m.TargetAlias | Should -Be 'products-next'
        $index = (Invoke-RestMethod "$($script:targetNode.Uri)products-v2").'products-v2'
        $index.mappings.properties.embedding.index_options.type | Should -Be 'bbq_hnsw'
        $index.mappings.properties.embedding.dims | Should -Be 384
        $marker = (Invoke-RestMethod "$($script:sourceNode.Uri)products-v1/_mapping").'products-v1'.mappings._meta.vectorreindex_target
        $marker.target_index | Should -Be 'products-v2'
        $marker.target_cluster.uuid | Should -Be $script:targetConnection.ClusterUuid
        $marker.migration_id | Should -Be $m.Id
    }

    It 'refuses <Case> on the 9.2 target with <Id>' -ForEach @(
        @{ Case = 'bfloat16'; Arguments = @{ ElementType = 'bfloat16'; Name = 'y1' }; Id = 'ElementTypeNotSupported' }
        @{ Case = 'bbq under 64 dimensions'; Arguments = @{ Dimensions = 32; IndexOptions = @{ type = 'bbq_hnsw' }; Name = 'y2' }; Id = 'IndexOptionsTooFewDimensions' }
        @{ Case = 'int4 with odd dimensions'; Arguments = @{ Dimensions = 33; IndexOptions = @{ type = 'int4_hnsw' }; Name = 'y3' }; Id = 'IndexOptionsOddDimensions' }
    ) {
        $err = { New-ShadowIndex -Alias products -SourceCluster $script:sourceConnection -TargetCluster $script:targetConnection @Arguments -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly "$Id,VectorReindex.PowerShell.Commands.NewShadowIndexCommand"
    }
}
