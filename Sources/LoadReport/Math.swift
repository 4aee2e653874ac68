#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The two logarithms the charts need, from the C library (the module imports no Foundation).
enum Math {
    static func lg(_ value: Double) -> Double { log10(value) }
    static func exp10(_ exponent: Double) -> Double { pow(10, exponent) }
    static func exp10(_ exponent: Int) -> Double { pow(10, Double(exponent)) }
}
