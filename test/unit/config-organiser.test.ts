import { ConfigError, loadConfig } from '../../src/platform/config';

describe('config: how the hub signs its quotes', () => {
  it('when nothing is set, then quotes are signed by PCE Front Office with no phone or named advisor, valid 30 days, data kept 36 months', () => {
    const c = loadConfig({});
    expect([c.hubName, c.hubPhone, c.hubAdvisor, c.quoteValidDays, c.retentionMonths]).toEqual(['PCE Front Office', null, null, 30, 36]);
  });

  it('when set, then they are read as given', () => {
    const c = loadConfig({ HUB_NAME: 'Provence Business Events', HUB_PHONE: '+33 4 91 00 00 00', HUB_ADVISOR: 'Camille Durand', QUOTE_VALID_DAYS: '45', RETENTION_MONTHS: '24' });
    expect([c.hubName, c.hubPhone, c.hubAdvisor, c.quoteValidDays, c.retentionMonths]).toEqual(['Provence Business Events', '+33 4 91 00 00 00', 'Camille Durand', 45, 24]);
  });

  it('when a value is wrong, then boot stops with one clear line per problem', () => {
    let error: unknown;
    try {
      loadConfig({ HUB_PHONE: 'call us', QUOTE_VALID_DAYS: '0', HUB_NAME: 'X' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.sort()).toEqual([
      'config: HUB_NAME: must be the name organisers know the hub by',
      'config: HUB_PHONE: must be a telephone number such as +33 4 91 00 00 00',
      'config: QUOTE_VALID_DAYS: QUOTE_VALID_DAYS must be greater than 0',
    ]);
  });
});
