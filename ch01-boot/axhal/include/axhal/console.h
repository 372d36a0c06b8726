/// @file axhal/console.h
/// @brief The console: the first 16550 UART (COM1, I/O port 0x3f8), which QEMU connects to the
/// terminal or to the test harness's log file.
#pragma once
#include <cstddef>

namespace axhal {

/// Programs COM1 for 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
void console_init();

/// Writes @p len bytes, turning "\n" into "\r\n". Waits while the transmitter is full.
void console_write(const char* s, size_t len);

/// Returns the next received byte, or -1 when none is waiting. Never blocks.
int console_read_byte();

}  // namespace axhal
