// The public hpack-test-case stories, read in place from shared/hpack-test-case.

import Foundation
import HPACK
import Testing

/// One story of hpack-test-case: header blocks sharing one compression context.
struct Story: Sendable {
    struct Case: Sendable {
        var seqno: Int
        /// SETTINGS_HEADER_TABLE_SIZE acknowledged just before this case, if given.
        var headerTableSize: Int?
        /// The encoded block; empty in raw-data.
        var wire: [UInt8]
        var headers: [HPACKHeader]
    }

    var name: String
    var cases: [Case]
}

/// Locates and reads the stories.
enum Stories {
    /// shared/hpack-test-case, the sibling of the repository that holds this file
    /// (Tests/HPACKTests/StoryTests.swift); `HPACK_TEST_CASE_DIR` overrides it for a
    /// copy of the tests kept elsewhere.
    static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["HPACK_TEST_CASE_DIR"] {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HPACKTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
            .deletingLastPathComponent()  // its parent
            .appendingPathComponent("shared/hpack-test-case", isDirectory: true)
    }()

    /// The folders of encoded stories (every folder but raw-data), sorted.
    static let encodedDirectories: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).path
            return name != "raw-data" && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }()

    /// Reads every story_*.json of `directory`, sorted by name.
    static func load(_ directory: String) throws -> [Story] {
        let folder = root.appendingPathComponent(directory, isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("story_") && $0.hasSuffix(".json") }
            .sorted()
        return try files.map { file in
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return try parse(data, name: "\(directory)/\(file)")
        }
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    private static func parse(_ data: Data, name: String) throws -> Story {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = object["cases"] as? [[String: Any]]
        else { throw FormatError(description: "\(name): no cases") }
        var story = Story(name: name, cases: [])
        for (position, entry) in cases.enumerated() {
            guard let list = entry["headers"] as? [[String: String]] else {
                throw FormatError(description: "\(name): case \(position) has no headers")
            }
            var headers: [HPACKHeader] = []
            for field in list {
                for (fieldName, value) in field { headers.append(HPACKHeader(name: fieldName, value: value)) }
            }
            let wireHex = entry["wire"] as? String ?? ""
            let wire = hexBytes(wireHex)
            guard wire.count * 2 == wireHex.count else {
                throw FormatError(description: "\(name): case \(position) has bad hex")
            }
            story.cases.append(Story.Case(seqno: (entry["seqno"] as? Int) ?? position,
                                          headerTableSize: entry["header_table_size"] as? Int,
                                          wire: wire, headers: headers))
        }
        return story
    }
}

/// The fields without their indexing modes, which the stories do not record.
private func names(_ headers: [HPACKHeader]) -> [HPACKHeader] {
    headers.map { HPACKHeader(name: $0.name, value: $0.value) }
}

@Suite struct StoryTests {
    @Test func storiesArePresent() throws {
        #expect(FileManager.default.fileExists(atPath: Stories.root.appendingPathComponent("raw-data").path),
                "hpack-test-case not found at \(Stories.root.path)")
        #expect(Stories.encodedDirectories.count >= 5)
        #expect(try Stories.load("raw-data").count >= 30)
    }

    /// Decodes every case of every story of `directory` in order, one decoder per
    /// story, honouring header_table_size, and compares with the listed headers.
    @Test(arguments: Stories.encodedDirectories)
    func decodesEveryStory(directory: String) throws {
        let stories = try Stories.load(directory)
        #expect(!stories.isEmpty)
        var caseCount = 0
        for story in stories {
            var decoder = HPACKDecoder()  // default limits: the largest list is about 2 KB
            for storyCase in story.cases {
                if let size = storyCase.headerTableSize { decoder.maxTableSize = size }
                do {
                    let headers = try decoder.decode(storyCase.wire)
                    #expect(names(headers) == storyCase.headers, "\(story.name) seqno \(storyCase.seqno)")
                } catch {
                    Issue.record("\(story.name) seqno \(storyCase.seqno): \(error)")
                }
                caseCount += 1
            }
        }
        print("hpack-test-case \(directory): decoded \(caseCount) cases of \(stories.count) stories")
    }

    /// Encodes each story's header lists with our encoder (one per story) and decodes
    /// them with our decoder; the lists and both tables must agree.
    @Test(arguments: [(4096, true), (4096, false), (256, true), (0, false)])
    func roundTripsRawData(tableSize: Int, huffman: Bool) throws {
        let stories = try Stories.load("raw-data")
        #expect(!stories.isEmpty)
        var caseCount = 0
        var wireOctets = 0
        for story in stories {
            var encoder = HPACKEncoder(maxTableSize: tableSize, useHuffman: huffman)
            var decoder = HPACKDecoder(maxTableSize: tableSize)
            for storyCase in story.cases {
                var block: [UInt8] = []
                encoder.encode(storyCase.headers, into: &block)
                wireOctets += block.count
                do {
                    let headers = try decoder.decode(block)
                    #expect(names(headers) == storyCase.headers, "\(story.name) seqno \(storyCase.seqno)")
                } catch {
                    Issue.record("\(story.name) seqno \(storyCase.seqno): \(error)")
                }
                #expect(decoder.dynamicTableEntries == encoder.dynamicTableEntries)
                #expect(decoder.dynamicTableSize == encoder.dynamicTableSize)
                caseCount += 1
            }
        }
        print("hpack-test-case raw-data (table \(tableSize), huffman \(huffman)): round-tripped \(caseCount) cases of \(stories.count) stories in \(wireOctets) octets")
    }
}
