import Configuration
import Foundation
import Testing
@testable import Web

/// `paperboy serve` resolves each setting once: flag, then environment, then the config file,
/// then the default; a bad value names the setting and its variable.
struct HubSettingsTests {
    func settings(flags: [Setting: String] = [:], env: [String: String] = [:], file: String? = nil) async throws -> HubSettings {
        var path: String?
        if let file {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-settings-\(UUID().uuidString).json")
            try Data(file.utf8).write(to: url)
            path = url.path
        }
        return try HubSettings(try await ConfigReader.paperboy(flags: flags, file: path, environment: env))
    }

    @Test func defaultsWithNothingGiven() async throws {
        let s = try await settings()
        #expect(s.web.port == 8080 && s.web.host == "127.0.0.1" && s.web.publicURL == "http://127.0.0.1:8080")
        #expect(s.db == "./data/paperboy.sqlite" && s.smtpURL == nil && !s.harvest && s.logLevel == .info)
    }

    @Test func flagsBeatEnvironmentBeatsFileBeatsDefaults() async throws {
        let file = #"{"port": 9001, "cache": {"ttl": 7}, "public": {"url": "https://file.example"}, "harvest": true, "max": {"connections": {"per": {"ip": 9}}}}"#
        let fromFile = try await settings(file: file)
        #expect(fromFile.web.port == 9001 && fromFile.web.cacheTTL == 7 && fromFile.web.publicURL == "https://file.example")
        #expect(fromFile.harvest && fromFile.web.maxConnectionsPerIP == 9)
        let env = ["PAPERBOY_PORT": "9002", "PAPERBOY_PUBLIC_URL": "https://env.example", "PAPERBOY_SMTP_URL": "smtp://u:p@mail.example:587"]
        let fromEnv = try await settings(env: env, file: file)
        #expect(fromEnv.web.port == 9002 && fromEnv.web.publicURL == "https://env.example" && fromEnv.web.cacheTTL == 7)
        #expect(fromEnv.smtpURL == "smtp://u:p@mail.example:587")
        let fromFlags = try await settings(flags: [.port: "9003", .logLevel: "debug"], env: env, file: file)
        #expect(fromFlags.web.port == 9003 && fromFlags.web.publicURL == "https://env.example" && fromFlags.logLevel == .debug)
        #expect(fromFlags.web.secureCookies)
    }

    @Test func communitySettings() async throws {
        let s = try await settings(env: ["PAPERBOY_DEFAULT_VIEW": "community", "PAPERBOY_SUBMISSIONS_PER_DAY": "3"],
                                   file: #"{"votes": {"per": {"minute": 1000}}}"#)
        #expect(s.web.defaultView == .community && s.web.submissionsPerDay == 3 && s.web.votesPerMinute == 1000)
        let d = try await settings()
        #expect(d.web.defaultView == .all && d.web.submissionsPerDay == 10 && d.web.votesPerMinute == 60)
    }

    @Test func badValuesNameTheSetting() async throws {
        let cases: [([String: String], String)] = [
            (["PAPERBOY_PORT": "abc"], "port (PAPERBOY_PORT): 'abc' is not a whole number"),
            (["PAPERBOY_PORT": "70000"], "port (PAPERBOY_PORT): '70000' is not between 0 and 65535"),
            (["PAPERBOY_CACHE_TTL": "-1"], "cache.ttl (PAPERBOY_CACHE_TTL): '-1.0' is not 0.0 or more"),
            (["PAPERBOY_HARVEST": "maybe"], "harvest (PAPERBOY_HARVEST): 'maybe' is not true or false"),
            (["PAPERBOY_LOG_LEVEL": "loud"], "log.level (PAPERBOY_LOG_LEVEL): 'loud' is not a log level (trace … error)"),
            (["PAPERBOY_PUBLIC_URL": "not a url"], "public.url (PAPERBOY_PUBLIC_URL): 'not a url' is not an http(s) URL"),
            (["PAPERBOY_DEFAULT_VIEW": "mine"], "default.view (PAPERBOY_DEFAULT_VIEW): 'mine' is not all or community"),
            (["PAPERBOY_VOTES_PER_MINUTE": "0"], "votes.per.minute (PAPERBOY_VOTES_PER_MINUTE): '0' is not between 1 and 100000000"),
        ]
        for (env, message) in cases {
            await #expect(throws: SettingError.self, "\(env)") { try await settings(env: env) }
            do { _ = try await settings(env: env) } catch { #expect("\(error)" == message) }
        }
    }

    @Test func everySettingHasItsVariableAndHelp() {
        #expect(Setting.publicURL.environmentName == "PAPERBOY_PUBLIC_URL")
        #expect(Setting.maxConnectionsPerIP.environmentName == "PAPERBOY_MAX_CONNECTIONS_PER_IP")
        #expect(Setting.allCases.allSatisfy { !$0.help.isEmpty })
        #expect(Set(Setting.allCases.map(\.environmentName)).count == Setting.allCases.count)
    }
}
