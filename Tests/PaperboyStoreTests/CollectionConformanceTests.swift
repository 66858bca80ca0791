import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("CommunityStore conformance: collections")
struct CollectionConformanceTests {
    let attention = Fixtures.attention.id, bert = Fixtures.bert.id, resnet = Fixtures.resnet.id
    let t0 = Community.t0, t1 = Community.t0.addingTimeInterval(60)

    @Test(arguments: StoreKind.allCases)
    func aCollectionKeepsPapersInTheOrderItsOwnerGivesThem(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let reading = try await c.store.createCollection(ownerID: c.ada.id, name: "Reading list", description: "To read", isPublic: false, now: t0)
        #expect(reading.ownerName == "ada" && reading.paperCount == 0 && !reading.isPublic && reading.createdAt == t0)
        for id in [attention, bert, resnet] { try await c.store.addPaper(id, toCollection: reading.id, ownerID: c.ada.id, now: t1) }
        try await c.store.addPaper(attention, toCollection: reading.id, ownerID: c.ada.id, now: t1)  // already there: stays first
        #expect(try await c.store.items(collection: reading.id).map(\.paper.id) == [attention, bert, resnet])
        #expect(try await c.store.collection(id: reading.id)?.paperCount == 3)
        #expect(try await c.store.collection(id: reading.id)?.updatedAt == t1)

        try await c.store.movePaper(resnet, to: 0, collection: reading.id, ownerID: c.ada.id, now: t1)
        #expect(try await c.store.items(collection: reading.id).map(\.paper.id) == [resnet, attention, bert])
        try await c.store.movePaper(resnet, to: 99, collection: reading.id, ownerID: c.ada.id, now: t1)
        #expect(try await c.store.items(collection: reading.id).map(\.paper.id) == [attention, bert, resnet])
        try await c.store.setNote("Read §3 first", paper: bert, collection: reading.id, ownerID: c.ada.id, now: t1)
        #expect(try await c.store.items(collection: reading.id).map(\.note) == ["", "Read §3 first", ""])

        #expect(try await c.store.removePaper(attention, fromCollection: reading.id, ownerID: c.ada.id, now: t1))
        #expect(try await !c.store.removePaper(attention, fromCollection: reading.id, ownerID: c.ada.id, now: t1))
        #expect(try await c.store.collections(ownerID: c.ada.id, holding: bert) == [reading.id])
        #expect(try await c.store.collections(ownerID: c.ada.id, holding: attention).isEmpty)
        // A paper arXiv withdrew leaves the list.
        try await c.store.delete(ids: [resnet], checkpoint: nil)
        #expect(try await c.store.items(collection: reading.id).map(\.paper.id) == [bert])
    }

    @Test(arguments: StoreKind.allCases)
    func onlyTheOwnerChangesACollection(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let mine = try await c.store.createCollection(ownerID: c.ada.id, name: "Mine", description: "", isPublic: true, now: t0)
        try await c.store.addPaper(bert, toCollection: mine.id, ownerID: c.ada.id, now: t0)
        let bob = c.bob.id
        await #expect(throws: CommunityError.noSuchCollection) { try await c.store.addPaper(resnet, toCollection: mine.id, ownerID: bob, now: t1) }
        await #expect(throws: CommunityError.noSuchCollection) { try await c.store.removePaper(bert, fromCollection: mine.id, ownerID: bob, now: t1) }
        await #expect(throws: CommunityError.noSuchCollection) { try await c.store.setNote("x", paper: bert, collection: mine.id, ownerID: bob, now: t1) }
        await #expect(throws: CommunityError.noSuchCollection) { try await c.store.movePaper(bert, to: 0, collection: mine.id, ownerID: bob, now: t1) }
        await #expect(throws: CommunityError.noSuchCollection) {
            try await c.store.updateCollection(id: mine.id, ownerID: bob, name: "Bob's", description: "", isPublic: false, now: t1)
        }
        #expect(try await !c.store.deleteCollection(id: mine.id, ownerID: bob))
        #expect(try await c.store.items(collection: mine.id).map(\.paper.id) == [bert])
        #expect(try await c.store.collection(id: mine.id)?.updatedAt == t0, "refused changes touch nothing")

        await #expect(throws: CommunityError.noSuchPaper("2401.99999")) {
            try await c.store.addPaper("2401.99999", toCollection: mine.id, ownerID: c.ada.id, now: t1)
        }
        await #expect(throws: CommunityError.noSuchCollection) {
            try await c.store.addPaper(bert, toCollection: 987_654, ownerID: c.ada.id, now: t1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func namesAreOnePerOwnerWithoutCase(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let a = try await c.store.createCollection(ownerID: c.ada.id, name: "Diffusion", description: "", isPublic: true, now: t0)
        await #expect(throws: CommunityError.collectionNameTaken("diffusion")) {
            try await c.store.createCollection(ownerID: c.ada.id, name: "diffusion", description: "", isPublic: false, now: t0)
        }
        _ = try await c.store.createCollection(ownerID: c.bob.id, name: "Diffusion", description: "", isPublic: true, now: t0)
        let b = try await c.store.createCollection(ownerID: c.ada.id, name: "Agents", description: "", isPublic: false, now: t0)
        await #expect(throws: CommunityError.collectionNameTaken("DIFFUSION")) {
            try await c.store.updateCollection(id: b.id, ownerID: c.ada.id, name: "DIFFUSION", description: "", isPublic: true, now: t1)
        }
        try await c.store.updateCollection(id: a.id, ownerID: c.ada.id, name: "Diffusion models", description: "New", isPublic: false, now: t1)
        #expect(try await c.store.collections(ownerID: c.ada.id).map(\.name) == ["Agents", "Diffusion models"])
        #expect(try await c.store.collection(id: a.id)?.isPublic == false)
        await #expect(throws: CommunityError.noSuchUser) {
            try await c.store.createCollection(ownerID: Accounts.nobody, name: "Ghost", description: "", isPublic: true, now: t0)
        }
        // Deleting the account deletes its collections.
        try await c.store.deleteUser(id: c.ada.id)
        #expect(try await c.store.collection(id: a.id) == nil)
        #expect(try await c.store.collections(ownerID: c.ada.id).isEmpty)
    }
}
