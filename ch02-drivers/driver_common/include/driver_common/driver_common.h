/// @file driver_common/driver_common.h
/// @brief What every device driver shares (ArceOS crate driver_common): the device kinds, the
/// driver error type and result, and BaseDriverOps, the interface every driver implements.
#pragma once
#include <axerrno/axerrno.h>

#include <cstdint>

namespace driver_common {

/// Kinds of device.
enum class DeviceType : uint8_t {
    Block,    ///< Block storage.
    Char,     ///< Character device.
    Net,      ///< Network interface.
    Display,  ///< Graphics display.
};

/// Errors a driver reports (ArceOS driver_common::DevError).
enum class DevError : uint8_t {
    AlreadyExists = 1,  ///< An entity already exists.
    Again,              ///< Try again: nothing to do now (no packet pending, queue full).
    BadState,           ///< The device or buffer is in the wrong state for the operation.
    InvalidParam,       ///< An argument is invalid.
    Io,                 ///< The device reported an I/O error.
    NoMemory,           ///< A pool or memory is exhausted.
    ResourceBusy,       ///< The device or resource is busy.
    Unsupported,        ///< The operation is not supported.
};

/// A short, stable name for @p e ("Again").
constexpr const char* dev_error_name(DevError e) {
    switch (e) {
        case DevError::AlreadyExists:
            return "AlreadyExists";
        case DevError::Again:
            return "Again";
        case DevError::BadState:
            return "BadState";
        case DevError::InvalidParam:
            return "InvalidParam";
        case DevError::Io:
            return "Io";
        case DevError::NoMemory:
            return "NoMemory";
        case DevError::ResourceBusy:
            return "ResourceBusy";
        case DevError::Unsupported:
            return "Unsupported";
    }
    return "Unknown";
}

/// A driver result: a T, or a DevError. [[nodiscard]]: every caller must look at it.
template <class T = void>
using DevResult = axerrno::Result<T, DevError>;

/// Operations every device driver implements (ArceOS BaseDriverOps).
class BaseDriverOps {
public:
    /// The driver's name, e.g. "virtio-net".
    virtual const char* device_name() const = 0;
    /// What kind of device it drives.
    virtual DeviceType device_type() const = 0;

protected:
    ~BaseDriverOps() = default;
};

}  // namespace driver_common
