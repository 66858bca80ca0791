/// English month and weekday names, the one table every page, feed, HTTP header and parser
/// reads. Fixed English, not the server's locale: HTTP and RSS dates require these names.
public enum DateNames {
    /// `January` … `December`: month `m` (1...12) is `months[m - 1]`.
    public static let months = ["January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December"]
    /// `Jan` … `Dec`, as HTTP, RSS and the pages abbreviate them.
    public static let shortMonths = months.map { String($0.prefix(3)) }
    /// `Sunday` … `Saturday`: `Day.weekday` `w` (1 = Sunday) is `weekdays[w - 1]`.
    public static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    /// `Sun` … `Sat`.
    public static let shortWeekdays = weekdays.map { String($0.prefix(3)) }
}
