/// What a user of a workspace is there to do. Roles decide what a user may change; scopes decide which stores they see.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case supervisor
    case agent
    case qa
    case merchantViewer

    /// Whether the role sees every store of its workspace when it has no explicit store or merchant scope.
    /// Agents, QA and merchant viewers see only what they are assigned to, so a new agent starts with an empty inbox
    /// rather than with every merchant's buyers.
    public var seesWholeWorkspaceByDefault: Bool {
        switch self {
        case .admin, .supervisor: true
        case .agent, .qa, .merchantViewer: false
        }
    }

    /// Whether the workbench offers the role the stores' response-rate standings: those who answer for them, not
    /// those who answer buyers.
    public var seesPerformance: Bool { self != .agent }

    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .read: true
        case .writeNote: self != .merchantViewer
        case .reply, .triage: self == .admin || self == .supervisor || self == .agent
        case .assignOthers, .editTemplates, .mergeCustomers: self == .admin || self == .supervisor
        case .administer: self == .admin
        // Those who answer to a merchant for its records; an agent answers buyers one conversation at a time.
        case .exportInBulk: self != .agent
        }
    }
}

/// An action on conversations that a role may or may not take.
public enum Permission: Sendable {
    /// List, open and export conversations.
    case read
    /// Write internal notes.
    case writeNote
    /// Send replies and proactive order messages.
    case reply
    /// Mark read, label, flag as spam, change status, assign to oneself.
    case triage
    /// Assign a conversation to somebody else.
    case assignOthers
    /// Write and remove the workspace's canned replies.
    case editTemplates
    /// Say that two customer records are one person.
    case mergeCustomers
    /// Export a whole filtered list (a store's month) as a background job.
    case exportInBulk
    /// Manage stores, users and policies.
    case administer
}
