// axhal/src/console.cpp: the 16550 UART on COM1 (register map: PC16550D datasheet, section 8).
#include <axhal/console.h>
#include <axhal/cpu.h>

namespace axhal {
namespace {

constexpr uint16_t kCom1 = 0x3f8;
enum : uint16_t {
    kData = 0,        // THR (write) / RBR (read); divisor low byte when DLAB=1
    kIntEnable = 1,   // IER; divisor high byte when DLAB=1
    kFifoCtrl = 2,    // FCR
    kLineCtrl = 3,    // LCR
    kModemCtrl = 4,   // MCR
    kLineStatus = 5,  // LSR
};
constexpr uint8_t kLsrDataReady = 0x01;
constexpr uint8_t kLsrThrEmpty = 0x20;

constexpr size_t kTxFifoSize = 16;  // a 16550A's transmit FIFO
size_t g_fifo_room;                 // bytes we may still write without asking the UART

// Each port access costs a trap into QEMU (and microseconds under TCG): ask the line status
// once per FIFO-full of bytes, not once per byte. THRE means the transmit FIFO is empty.
void put_raw(char c) {
    if (g_fifo_room == 0) {
        while (!(inb(kCom1 + kLineStatus) & kLsrThrEmpty)) pause();
        g_fifo_room = kTxFifoSize;
    }
    outb(kCom1 + kData, uint8_t(c));
    --g_fifo_room;
}

}  // namespace

void console_init() {
    outb(kCom1 + kIntEnable, 0x00);  // no UART interrupts: the console is polled
    outb(kCom1 + kLineCtrl, 0x80);   // DLAB on: next two writes set the divisor
    outb(kCom1 + kData, 0x01);       // 115200 / 1
    outb(kCom1 + kIntEnable, 0x00);
    outb(kCom1 + kLineCtrl, 0x03);   // 8 bits, no parity, 1 stop bit, DLAB off
    outb(kCom1 + kFifoCtrl, 0xc7);   // FIFOs on and cleared, 14-byte threshold
    outb(kCom1 + kModemCtrl, 0x03);  // DTR, RTS
}

void console_write(const char* s, size_t len) {
    IrqGuard guard;  // one line at a time, even if an interrupt handler logs
    for (size_t i = 0; i < len; ++i) {
        if (s[i] == '\n') put_raw('\r');
        put_raw(s[i]);
    }
}

int console_read_byte() {
    if (!(inb(kCom1 + kLineStatus) & kLsrDataReady)) return -1;
    return inb(kCom1 + kData);
}

}  // namespace axhal

void axlog_write(const char* s, size_t len) {
    axhal::console_write(s, len);
}
