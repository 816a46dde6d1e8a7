import { describe, expect, it } from 'vitest';
import { throttleAddressKey } from '../../src/throttle/address-key.js';

describe('throttleAddressKey', () => {
  it.each([
    ['192.0.2.10', '192.0.2.10'],
    ['::ffff:192.0.2.10', '192.0.2.10'],
    ['::ffff:c000:20a', '192.0.2.10'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.10', '64:ff9b:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s → %s', (address, key) => {
    expect(throttleAddressKey(address)).toBe(key);
  });

  it('puts every address of one /64 in one group, and neighbouring /64s in others', () => {
    const keys = new Set(
      ['2001:db8:a:b::1', '2001:db8:a:b:ffff:ffff:ffff:ffff', '2001:db8:a:b:1234::9'].map(throttleAddressKey),
    );
    expect([...keys]).toEqual(['2001:db8:a:b::/64']);
    expect(throttleAddressKey('2001:db8:a:c::1')).not.toBe(throttleAddressKey('2001:db8:a:b::1'));
  });
});
