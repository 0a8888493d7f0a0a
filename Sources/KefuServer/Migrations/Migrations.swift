import Fluent

extension Migrations {
    /// Every migration, in the order they run. New ones are appended in a new numbered folder; shipped ones never change.
    func addKefuMigrations() {
        add([
            CreateWorkspace(), CreateMerchant(), CreateStore(), CreateUser(), CreateUserScope(), CreateUserToken(),
            CreateCustomer(), CreateOrder(), CreateConversation(), CreateConversationLabel(), CreateMessage(),
            CreateDelivery(), CreateAuditEvent(), CreateMessageSearch(),
            // 002
            AddFolderIndexes(), CreateFolderCounts(), RebuildMessageSearch(),
            // 003
            AddConversationSLA(), AddAtRiskFolderCount(), CreateResponseWait(), CreateStorePolicy(), CreateJobLease(),
            // 004
            AddMessageCompliance(), AddOrderBuyerContact(), CreateComplianceTerm(), AddResponseWaitScoreIndexes(),
            // 005
            CreateReplyTemplate(),
            // 006
            AddStoreShopAddress(), AddOrderCustomerIndex(),
            // 007
            AddUrgencyTieBreak(),
            // 008
            CreateChannel(), AddDeliveryRetry(),
            // 009
            CreateAttachment(),
            // 010
            CreateChannelThread(),
            // 011
            AddOverdueFolder(),
            // 012
            CreateConversationKeys(),
            // 013
            AddTemplateVersions(),
            // 014
            AddCustomerPerson(),
            // 015
            CreateTemplateTranslations(),
            // 016
            CreateBulkExports(),
            // 017
            AddSignInProtection(),
            // 018
            AddTwoFactor(),
        ] as [any Migration])
    }
}
